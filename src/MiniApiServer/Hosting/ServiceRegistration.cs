using MiniApiServer.Allocation;
using MiniApiServer.Api;
using MiniApiServer.Controllers;
using MiniApiServer.Registry;
using MiniApiServer.Registry.Endpoints;
using MiniApiServer.Registry.Namespaces;
using MiniApiServer.Registry.Pods;
using MiniApiServer.Registry.Services;
using MiniApiServer.Storage;

namespace MiniApiServer.Hosting;

/// <summary>The composition of the server's parts: kinds, store, registry, HTTP handlers and controllers.</summary>
internal static class ServiceRegistration
{
    public static IServiceCollection AddServerComponents(this IServiceCollection services, ServerOptions options)
    {
        services.AddSingleton<IResourceStrategy>(new ServiceStrategy(ServiceNetwork.From(options.ServiceClusterIpRanges)));
        services.AddSingleton<IResourceStrategy, PodStrategy>();
        services.AddSingleton<IResourceStrategy, EndpointsStrategy>();
        services.AddSingleton<IResourceStrategy, NamespaceStrategy>();
        services.AddSingleton(sp => new ResourceCatalog(sp.GetServices<IResourceStrategy>()));
        services.AddSingleton<IObjectStore>(sp =>
        {
            var catalog = sp.GetRequiredService<ResourceCatalog>();
            return LiteDbObjectStore.Open(options.DataDirectory, catalog.Attributes, sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<LiteDbObjectStore>>(), options.WatchHistoryEvents);
        });
        services.AddSingleton<IDeleteHook, ServiceEndpointsCleanup>();
        services.AddSingleton(new ServiceAllocators(options.ServiceClusterIpRanges, options.ServiceNodePortRange));
        services.AddSingleton<ServiceAllocation>();
        services.AddSingleton<IWriteHook>(sp => sp.GetRequiredService<ServiceAllocation>());
        services.AddSingleton<IDeleteHook>(sp => sp.GetRequiredService<ServiceAllocation>());
        services.AddSingleton<GenericRegistry>();
        services.AddSingleton<ResourceHandlers>();
        services.AddSingleton<Api.Watch.WatchHandler>();
        services.AddSingleton<SystemObjects>();
        services.AddHostedService(sp => sp.GetRequiredService<SystemObjects>());
        services.AddHostedService<NamespaceController>();
        return services;
    }
}
