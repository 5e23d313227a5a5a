using k8s.Models;
using MiniApiServer.Machinery;
using MiniApiServer.Registry;

namespace MiniApiServer.Controllers;

/// <summary>
/// Finishes namespace deletion as the namespace controller does (pkg/controller/namespace/deletion): for every
/// Terminating namespace, delete everything in it (pods gracefully), and once nothing is left remove the
/// <c>kubernetes</c> finalizer through <c>/finalize</c> and delete the namespace, which removes it. A client of the
/// registry like any other: it lists the terminating namespaces, then watches namespaces from that list's version and
/// looks again on every change, and every second while any namespace is terminating.
/// </summary>
internal sealed partial class NamespaceController(GenericRegistry registry, ILogger<NamespaceController> logger) : BackgroundService
{
    private const string Finalizer = "kubernetes";
    private static readonly TimeSpan Recheck = TimeSpan.FromSeconds(1);
    private static readonly ListOptions Terminating = new(FieldSelector: "status.phase=Terminating");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var namespaces = registry.Catalog.Get(NamespaceAdmission.Namespaces);
        while (!stoppingToken.IsCancellationRequested)
        {
            var list = await registry.ListAsync(namespaces, null, Terminating, stoppingToken);
            foreach (var json in list.Items)
            {
                var name = ObjectCodec.Decode(json, typeof(V1Namespace)).Metadata.Name;
                try
                {
                    await SyncAsync(namespaces, name, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogSyncFailed(e, name);
                }
            }
            using var changes = registry.Watch(namespaces, null, new WatchOptions(ResourceVersion: list.ResourceVersion));
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            if (list.Items.Count > 0)
            {
                timeout.CancelAfter(Recheck);
            }
            try
            {
                await ChangedAsync(changes, timeout.Token);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // Time to look again at the namespaces still terminating.
            }
        }
    }

    /// <summary>
    /// Returns at the first namespace change after the list, or when the watch ends (cut off, or its start was no longer
    /// retained): either is a reason to look again, and what changed is read from the next list.
    /// </summary>
    private static async Task ChangedAsync(IWatch changes, CancellationToken ct)
    {
        while (await changes.WaitToReadAsync(ct))
        {
            if (changes.TryRead(out _))
            {
                return;
            }
        }
    }

    private async Task SyncAsync(KindRegistration namespaces, string name, CancellationToken ct)
    {
        var remaining = 0;
        foreach (var kind in registry.Catalog.All.Where(k => k.Descriptor.Namespaced && k.OwnsStorage))
        {
            foreach (var item in await registry.ListObjectsAsync(kind, name, ListOptions.Everything, ct))
            {
                remaining++;
                if (kind.Descriptor.GracefulDeletion && item.Metadata.DeletionTimestamp is not null)
                {
                    continue;
                }
                try
                {
                    await registry.DeleteAsync(kind, name, item.Metadata.Name, new DeleteOptions(), ct);
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
        await registry.UpdateAsync(namespaces, "", name, current =>
        {
            var model = (V1Namespace)ObjectCodec.Decode(current!, typeof(V1Namespace));
            model.Spec?.Finalizers?.Remove(Finalizer);
            return new DecodedObject(model, null);
        }, Subresource.Finalize, new WriteOptions(), ct);
        await registry.DeleteAsync(namespaces, "", name, new DeleteOptions(), ct);
        LogRemoved(name);
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Namespace {Name} finalized and removed")]
    private partial void LogRemoved(string name);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "Namespace {Name}: deleting its content failed; will retry")]
    private partial void LogSyncFailed(Exception e, string name);
}
