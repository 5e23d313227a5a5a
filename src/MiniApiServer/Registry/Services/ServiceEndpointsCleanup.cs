using MiniApiServer.Machinery;

namespace MiniApiServer.Registry.Services;

/// <summary>
/// After a Service is deleted, its same-name Endpoints go too, as the service registry's afterDelete does
/// (pkg/registry/core/service/storage/storage.go): selectorless Services have nobody else to clean them up.
/// </summary>
internal sealed class ServiceEndpointsCleanup : IDeleteHook
{
    private static readonly GroupResource Endpoints = GroupResource.Core("endpoints");

    public async Task AfterDeleteAsync(GenericRegistry registry, DeletedObject deleted, CancellationToken ct)
    {
        try
        {
            await registry.DeleteAsync(registry.Catalog.Get(Endpoints), deleted.Namespace, deleted.Name, new DeleteOptions(), ct);
        }
        catch (ApiException e) when (e.Code == 404)
        {
            // No Endpoints of that name: nothing to clean.
        }
    }
}
