using System.Globalization;
using MiniApiServer.Machinery;

namespace MiniApiServer.Registry;

/// <summary>
/// Removes the objects of kinds with a TTL (Events) that long after their last write, as the etcd lease kube-apiserver
/// attaches to every such write does. The write times are seen here: it lists each kind, then watches it, and every
/// ADDED or MODIFIED object gets its TTL again. Nothing is stored for it: on the first list after a start, an object's
/// last write is what its fields tell (<see cref="ObjectTtl.LastWritten"/>), so the TTL survives restarts; later lists
/// (after a watch was cut off) treat objects not seen before as written then. Removal is a DELETE preconditioned on
/// the version seen, so a write that came first renews the object instead.
/// </summary>
internal sealed partial class ObjectExpiry(GenericRegistry registry, TimeProvider time, ILogger<ObjectExpiry> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(registry.Catalog.All.Where(k => k.Ttl is not null).Select(k => RunAsync(k, k.Ttl!, stoppingToken)));

    private async Task RunAsync(KindRegistration kind, ObjectTtl ttl, CancellationToken ct)
    {
        var known = new Dictionary<(string Namespace, string Name), Entry>();
        var due = new PriorityQueue<(string Namespace, string Name, long Version), DateTimeOffset>();
        var firstList = true;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var list = await registry.ListAsync(kind, null, ListOptions.Everything, ct);
                var now = time.GetUtcNow();
                var listed = new Dictionary<(string Namespace, string Name), Entry>();
                due.Clear();
                foreach (var json in list.Items)
                {
                    var obj = ObjectCodec.Decode(json, kind.Descriptor.ModelType);
                    var key = (obj.Metadata.NamespaceProperty ?? "", obj.Metadata.Name);
                    var version = Version(obj.Metadata.ResourceVersion);
                    var expires = known.TryGetValue(key, out var seen) && seen.Version == version ? seen.Expires
                        : firstList ? WrittenAt(ttl, obj, now) + ttl.Ttl
                        : now + ttl.Ttl;
                    listed[key] = new Entry(version, expires);
                    due.Enqueue((key.Item1, key.Name, version), expires);
                }
                known = listed;
                firstList = false;
                using var watch = registry.Watch(kind, null, new WatchOptions(ResourceVersion: list.ResourceVersion));
                await FollowAsync(kind, ttl, watch, known, due, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(e, kind.Descriptor.GroupResource.ToString());
                await Task.Delay(TimeSpan.FromSeconds(1), time, ct);
            }
        }
    }

    /// <summary>Removes what is due and renews what is written, until the watch ends (then the caller lists again).</summary>
    private async Task FollowAsync(KindRegistration kind, ObjectTtl ttl, IWatch watch,
        Dictionary<(string Namespace, string Name), Entry> known, PriorityQueue<(string Namespace, string Name, long Version), DateTimeOffset> due,
        CancellationToken ct)
    {
        while (true)
        {
            while (due.TryPeek(out var item, out var expires) && expires <= time.GetUtcNow())
            {
                due.Dequeue();
                if (known.TryGetValue((item.Namespace, item.Name), out var entry) && entry.Version == item.Version && entry.Expires == expires)
                {
                    await ExpireAsync(kind, item.Namespace, item.Name, item.Version, ct);
                }
            }
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
            if (due.TryPeek(out _, out var next))
            {
                wait.CancelAfter(Max(next - time.GetUtcNow(), TimeSpan.Zero));
            }
            bool open;
            try
            {
                open = await watch.WaitToReadAsync(wait.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                continue;
            }
            if (!open)
            {
                return;
            }
            while (watch.TryRead(out var e))
            {
                if (e.Type is not (WatchEventType.Added or WatchEventType.Modified or WatchEventType.Deleted))
                {
                    continue;
                }
                var meta = ObjectCodec.Decode(e.Object, kind.Descriptor.ModelType).Metadata;
                var key = (meta.NamespaceProperty ?? "", meta.Name);
                if (e.Type == WatchEventType.Deleted)
                {
                    known.Remove(key);
                    continue;
                }
                var version = Version(meta.ResourceVersion);
                var expires = time.GetUtcNow() + ttl.Ttl;
                known[key] = new Entry(version, expires);
                due.Enqueue((key.Item1, key.Name, version), expires);
            }
        }
    }

    private async Task ExpireAsync(KindRegistration kind, string ns, string name, long version, CancellationToken ct)
    {
        try
        {
            await registry.DeleteAsync(kind, ns, name,
                new DeleteOptions(PreconditionResourceVersion: version.ToString(CultureInfo.InvariantCulture)), ct);
        }
        catch (ApiException e) when (e.Code is 404 or 409)
        {
            // Gone already, or written since: its new write has a TTL of its own.
        }
    }

    /// <summary>When the object was last written as its fields tell; never later than now (clocks differ), now when they tell nothing.</summary>
    private static DateTimeOffset WrittenAt(ObjectTtl ttl, k8s.IKubernetesObject<k8s.Models.V1ObjectMeta> obj, DateTimeOffset now) =>
        ttl.LastWritten(obj) is { } written && new DateTimeOffset(DateTime.SpecifyKind(written, DateTimeKind.Utc)) is var at && at < now ? at : now;

    private static long Version(string? resourceVersion) =>
        long.TryParse(resourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private sealed record Entry(long Version, DateTimeOffset Expires);

    [LoggerMessage(EventId = 470, Level = LogLevel.Warning, Message = "Expiring {Resource} failed; listing again")]
    private partial void LogFailed(Exception e, string resource);
}
