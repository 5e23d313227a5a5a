using MiniApiServer.Machinery;
using MiniApiServer.Registry;

namespace MiniApiServer.Registry.Services;

/// <summary>
/// After a Service is deleted, its same-name Endpoints go too, as the service registry's afterDelete does
/// (pkg/registry/core/service/storage/storage.go): selectorless Services have nobody else to clean them up.
/// </summary>
internal sealed class ServiceEndpointsCleanup(IServiceProvider services) : IDeleteHook
{
    public async Task AfterDeleteAsync(ResourceDescriptor descriptor, StoredObjectRef deleted, CancellationToken ct)
    {
        if (descriptor.Plural != "services")
        {
            return;
        }
        var registry = services.GetRequiredService<GenericRegistry>();
        var catalog = services.GetRequiredService<ResourceCatalog>();
        try
        {
            await registry.DeleteAsync(catalog.Get("endpoints"), deleted.Namespace, deleted.Name, new DeleteOptions(), ct);
        }
        catch (ApiException e) when (e.Code == 404)
        {
            // No Endpoints of that name: nothing to clean.
        }
    }
}
