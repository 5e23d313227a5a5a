using System.Threading.Channels;
using k8s.Models;
using MiniApiServer.Machinery;
using MiniApiServer.Registry;
using MiniApiServer.Storage;

namespace MiniApiServer.Controllers;

/// <summary>
/// Finishes namespace deletion as the namespace controller does (pkg/controller/namespace/deletion): for every
/// Terminating namespace, delete everything in it (pods gracefully), and once nothing is left remove the
/// <c>kubernetes</c> finalizer through <c>/finalize</c> and delete the namespace, which removes it. It wakes on
/// committed changes and re-checks every second while any namespace is terminating.
/// </summary>
internal sealed partial class NamespaceController(GenericRegistry registry, ResourceCatalog catalog, ILogger<NamespaceController> logger) : BackgroundService
{
    private const string Finalizer = "kubernetes";
    private static readonly TimeSpan Recheck = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        using var subscription = registry.Store.Subscribe(events =>
        {
            if (events.Any(e => e.Object.Resource == "namespaces"))
            {
                wake.Writer.TryWrite(true);
            }
        });
        while (!stoppingToken.IsCancellationRequested)
        {
            var terminating = false;
            foreach (var ns in registry.Store.Current.List("namespaces"))
            {
                if (ns.Attributes.Fields.GetValueOrDefault("status.phase") != "Terminating")
                {
                    continue;
                }
                terminating = true;
                try
                {
                    await SyncAsync(ns.Name, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogSyncFailed(e, ns.Name);
                }
            }
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            if (terminating)
            {
                timeout.CancelAfter(Recheck);
            }
            try
            {
                await wake.Reader.ReadAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // Time to look again at the namespaces still terminating.
            }
        }
    }

    private async Task SyncAsync(string name, CancellationToken ct)
    {
        var remaining = 0;
        foreach (var strategy in catalog.All.Where(s => s.Descriptor.Namespaced))
        {
            foreach (var item in registry.Store.Current.List(strategy.Descriptor.Plural, name).ToList())
            {
                remaining++;
                if (IsTerminating(item, strategy))
                {
                    continue;
                }
                try
                {
                    await registry.DeleteAsync(strategy, name, item.Name, new DeleteOptions(), ct);
                }
                catch (ApiException e) when (e.Code is 404 or 409)
                {
                    // Gone already, or changed under us: the next pass sees the new state.
                }
            }
        }
        if (remaining > 0)
        {
            return;
        }
        var namespaces = catalog.Get("namespaces");
        await registry.UpdateAsync(namespaces, "", name, current =>
        {
            var model = (V1Namespace)ObjectCodec.Decode(current!.Json, typeof(V1Namespace));
            model.Spec?.Finalizers?.Remove(Finalizer);
            return new DecodedObject(model, null);
        }, Subresource.Finalize, new WriteOptions(), ct);
        await registry.DeleteAsync(namespaces, "", name, new DeleteOptions(), ct);
        LogRemoved(name);
    }

    private static bool IsTerminating(StoredObject item, IResourceStrategy strategy) =>
        strategy.Descriptor.GracefulDeletion
        && ObjectCodec.Decode(item.Json, strategy.Descriptor.ModelType).Metadata.DeletionTimestamp is not null;

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Namespace {Name} finalized and removed")]
    private partial void LogRemoved(string name);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "Namespace {Name}: deleting its content failed; will retry")]
    private partial void LogSyncFailed(Exception e, string name);
}
