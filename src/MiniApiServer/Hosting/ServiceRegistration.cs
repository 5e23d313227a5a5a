using MiniApiServer.Allocation;
using MiniApiServer.Api;
using MiniApiServer.Api.Watch;
using MiniApiServer.Controllers;
using MiniApiServer.Controllers.Endpoints;
using MiniApiServer.Controllers.EndpointSlices;
using MiniApiServer.Controllers.PodSimulator;
using MiniApiServer.Controllers.Runtime;
using MiniApiServer.Registry;
using MiniApiServer.Registry.Endpoints;
using MiniApiServer.Registry.EndpointSlices;
using MiniApiServer.Registry.Events;
using MiniApiServer.Registry.Leases;
using MiniApiServer.Registry.Namespaces;
using MiniApiServer.Registry.Networking;
using MiniApiServer.Registry.Nodes;
using MiniApiServer.Registry.Pods;
using MiniApiServer.Registry.Services;
using MiniApiServer.Storage;
using MiniApiServer.Storage.LiteDb;

namespace MiniApiServer.Hosting;

/// <summary>The composition of the server's parts: kinds, store, registry, HTTP handlers and controllers.</summary>
internal static class ServiceRegistration
{
    public static IServiceCollection AddServerComponents(this IServiceCollection services, ServerOptions options)
    {
        services.AddSingleton(new ServiceAllocators(options.ServiceClusterIpRanges, options.ServiceNodePortRange));
        services.AddSingleton<ServiceAllocation>();
        services.AddSingleton<EventRecorder>();

        // The served kinds: one line each, a kind's hooks and table printer attached by its registration.
        services.AddKind(sp => KindRegistration.Stored(new ServiceStrategy(ServiceNetwork.From(options.ServiceClusterIpRanges))) with
        {
            WriteHooks = [sp.GetRequiredService<ServiceAllocation>()],
            DeleteHooks = [sp.GetRequiredService<ServiceAllocation>(), new ServiceEndpointsCleanup()],
            Printer = new ServicePrinter(),
        });
        services.AddKind(_ => KindRegistration.Stored(new PodStrategy()) with { Binding = new PodBinding(), Printer = new PodPrinter() });
        services.AddKind(_ => KindRegistration.Stored(new EndpointsStrategy()) with { Printer = new EndpointsPrinter() });
        services.AddKind(_ =>
        {
            var ns = new NamespaceStrategy();
            return KindRegistration.Stored(ns) with { Finalize = ns, Deletion = ns, Printer = new NamespacePrinter() };
        });
        services.AddKind(_ => KindRegistration.Stored(new LeaseStrategy()) with { Printer = new LeasePrinter() });
        services.AddKind(_ => KindRegistration.Stored(new EndpointSliceStrategy()) with { Printer = new EndpointSlicePrinter() });
        services.AddKind(_ => KindRegistration.Stored(new NodeStrategy()) with { Printer = new NodePrinter() });
        services.AddKind(_ => KindRegistration.Stored(new EventStrategy(EventRequestVersion.CoreV1)) with
        {
            Ttl = ObjectTtl.FromFlag(options.EventTtl, EventStrategy.LastWritten),
            Printer = new EventPrinter(),
        });
        services.AddKind(_ => KindRegistration.Converted(new EventsV1Conversion()) with { Printer = new EventsV1Printer() });
        services.AddKind(sp => KindRegistration.Computed(new ServiceCidrSource(sp.GetRequiredService<ServiceAllocators>(), sp.GetRequiredService<TimeProvider>())) with
        {
            Printer = new ServiceCidrPrinter(),
        });
        services.AddKind(sp => KindRegistration.Computed(new IpAddressSource(sp.GetRequiredService<ServiceAllocators>())) with { Printer = new IpAddressPrinter() });

        services.AddSingleton(sp => new ResourceCatalog(sp.GetServices<KindRegistration>()));
        services.AddSingleton(sp =>
        {
            var catalog = sp.GetRequiredService<ResourceCatalog>();
            return CachingStore.Open(
                () => LiteDbBackend.Open(options.DataDirectory, options.WatchHistoryEvents, sp.GetRequiredService<ILogger<LiteDbBackend>>()),
                catalog.Attributes, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<CachingStore>>(), options.WatchHistoryEvents);
        });
        services.AddSingleton<IObjectStore>(sp => sp.GetRequiredService<CachingStore>());
        services.AddSingleton<GenericRegistry>();
        services.AddSingleton<Scheme>();
        services.AddSingleton<ResourceHandlers>();
        services.AddSingleton<WatchHandler>();
        services.AddSingleton<SystemObjects>();
        services.AddHostedService(sp => sp.GetRequiredService<SystemObjects>());
        services.AddHostedService<ObjectExpiry>();
        services.AddHostedService<EventSink>();

        // kube-controller-manager's controllers, over one shared informer per kind.
        if (options.Controllers.Contains("namespace"))
        {
            services.AddHostedService<NamespaceController>();
        }
        services.AddSingleton<SharedInformers>();
        if (options.Controllers.Contains("endpoint"))
        {
            services.AddController<EndpointsController>();
        }
        if (options.Controllers.Contains("endpointslice"))
        {
            services.AddController<EndpointSliceController>();
        }
        if (options.Controllers.Contains("endpointslicemirroring"))
        {
            services.AddController<MirroringController>();
        }
        if (options.PodSimulator)
        {
            services.AddSingleton(new PodSimulatorOptions(options.NodeName, options.PodNetworkCidr));
            services.AddController<PodSimulator>();
        }
        services.AddHostedService<ControllerManager>();
        return services;
    }

    private static void AddController<T>(this IServiceCollection services) where T : class, IController
    {
        services.AddSingleton<T>();
        services.AddSingleton<IController>(sp => sp.GetRequiredService<T>());
    }

    private static void AddKind(this IServiceCollection services, Func<IServiceProvider, KindRegistration> register) =>
        services.AddSingleton(register);
}
