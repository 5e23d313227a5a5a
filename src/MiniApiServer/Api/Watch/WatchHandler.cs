using System.Globalization;
using System.Text.Json;
using k8s.Models;
using MiniApiServer.Machinery;
using MiniApiServer.Registry;
using MiniApiServer.Selectors;
using MiniApiServer.Storage;

namespace MiniApiServer.Api.Watch;

/// <summary>
/// <c>?watch=true</c> on a list path (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/watch.go and the cacher):
/// a chunked stream of events, starting with synthetic ADDEDs of the current state (resourceVersion unset or "0", or
/// sendInitialEvents) or with exactly the changes after a given version, 410 Expired as an ERROR event when that is no
/// longer retained, label/field selectors with moved-in/moved-out events, bookmarks, timeoutSeconds, and clean ends on
/// shutdown and for watchers that fall too far behind.
/// </summary>
internal sealed class WatchHandler(IObjectStore store, IHostApplicationLifetime lifetime, IConfiguration config)
{
    /// <summary>Events a watcher may lag behind before it is cut off (it re-watches from its last version).</summary>
    private const int QueueCapacity = 10_000;
    private const string InitialEventsEnd = "k8s.io/initial-events-end";

    private readonly TimeSpan _bookmarkInterval = TimeSpan.FromSeconds(config.GetValue("watch-bookmark-interval-seconds", 60.0));

    public async Task ServeAsync(HttpContext ctx, IResourceStrategy strategy, string? ns)
    {
        var d = strategy.Descriptor;
        var query = ctx.Request.Query;
        var (labels, fields) = ListQuery.ParseSelectors(query, strategy);
        var rvText = QueryParameters.String(query, "resourceVersion");
        var sendInitial = query.ContainsKey("sendInitialEvents") ? QueryParameters.Bool(query, "sendInitialEvents") : (bool?)null;
        var bookmarks = QueryParameters.Bool(query, "allowWatchBookmarks");
        var timeout = TimeSpan.FromSeconds(QueryParameters.Int64(query, "timeoutSeconds") is > 0 and var t ? t : Random.Shared.Next(1800, 3600));
        Validate(QueryParameters.String(query, "resourceVersionMatch"), sendInitial);
        long? from = null;
        if (!string.IsNullOrEmpty(rvText) && rvText != "0")
        {
            if (!long.TryParse(rvText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                throw ApiException.BadRequest($"resourceVersion: Invalid value: {GoValue.Quote(rvText)}: strconv.ParseUint: parsing {GoValue.Quote(rvText)}: invalid syntax");
            }
            from = parsed;
        }

        // Subscribe before reading the starting state: every change after it is then in the queue, and versions
        // already covered by the initial state or the replay are skipped, so there is no gap and no duplicate.
        using var watcher = new StoreWatcher(store, d.Plural, ns, QueueCapacity);
        using var end = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, lifetime.ApplicationStopping);
        end.CancelAfter(timeout);
        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = "application/json";
        var body = ctx.Response.Body;
        await ctx.Response.StartAsync(end.Token);

        long last;
        if (from is null || sendInitial == true)
        {
            var snapshot = store.Current;
            if (from is { } wanted && wanted > snapshot.Revision)
            {
                snapshot = await store.WaitForRevisionAsync(wanted, end.Token);
                if (snapshot.Revision < wanted)
                {
                    await WriteAsync(body, WatchEvents.Frame("ERROR", StatusBytes(ApiException.TooLargeResourceVersion(wanted, snapshot.Revision).Status)), end.Token);
                    return;
                }
            }
            foreach (var o in snapshot.List(d.Plural, ns))
            {
                if (WatchEvents.Matches(o, labels, fields))
                {
                    await body.WriteAsync(WatchEvents.Frame("ADDED", o.Json), end.Token);
                }
            }
            last = snapshot.Revision;
            if (sendInitial == true)
            {
                await body.WriteAsync(Bookmark(d, last, initialEventsEnd: true), end.Token);
            }
        }
        else
        {
            var replay = store.EventsAfter(from.Value);
            if (replay is null)
            {
                // The cacher's "too old resource version: N (M)": M is the oldest version a watch can still start from.
                await WriteAsync(body, Error(410, "Expired", $"too old resource version: {from.Value} ({store.OldestRevision})"), end.Token);
                return;
            }
            last = from.Value;
            foreach (var e in replay.Where(e => e.Object.Resource == d.Plural && (ns is null || e.Object.Namespace == ns)))
            {
                last = e.ResourceVersion;
                if (WatchEvents.FrameFor(e, labels, fields) is { } frame)
                {
                    await body.WriteAsync(frame, end.Token);
                }
            }
        }
        await body.FlushAsync(end.Token);
        await StreamAsync(ctx, d, watcher, labels, fields, bookmarks, last, end.Token);
    }

    private async Task StreamAsync(HttpContext ctx, ResourceDescriptor d, StoreWatcher watcher, LabelSelector labels, FieldSelector fields,
        bool bookmarks, long last, CancellationToken end)
    {
        var body = ctx.Response.Body;
        var reader = watcher.Events;
        try
        {
            while (!end.IsCancellationRequested)
            {
                using var tick = CancellationTokenSource.CreateLinkedTokenSource(end);
                if (bookmarks)
                {
                    tick.CancelAfter(_bookmarkInterval);
                }
                bool more;
                try
                {
                    more = await reader.WaitToReadAsync(tick.Token);
                }
                catch (OperationCanceledException) when (!end.IsCancellationRequested)
                {
                    await body.WriteAsync(Bookmark(d, last, initialEventsEnd: false), end);
                    await body.FlushAsync(end);
                    continue;
                }
                if (!more)
                {
                    return; // cut off (fell too far behind) or the store shut down: end the stream cleanly
                }
                while (reader.TryRead(out var e))
                {
                    if (e.ResourceVersion <= last)
                    {
                        continue;
                    }
                    last = e.ResourceVersion;
                    if (WatchEvents.FrameFor(e, labels, fields) is { } frame)
                    {
                        await body.WriteAsync(frame, end);
                    }
                }
                await body.FlushAsync(end);
            }
        }
        catch (OperationCanceledException) when (end.IsCancellationRequested)
        {
            // Timeout, shutdown or the client left: the response simply ends.
        }
    }

    private static void Validate(string? match, bool? sendInitial)
    {
        var errors = new List<FieldError>();
        if (sendInitial is not null && match != "NotOlderThan")
        {
            errors.Add(FieldError.Forbidden("resourceVersionMatch", "sendInitialEvents requires setting resourceVersionMatch to NotOlderThan"));
        }
        if (!string.IsNullOrEmpty(match))
        {
            if (sendInitial is null)
            {
                errors.Add(FieldError.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided"));
            }
            if (match != "NotOlderThan")
            {
                errors.Add(FieldError.NotSupported("resourceVersionMatch", match, ["NotOlderThan"]));
            }
        }
        if (errors.Count > 0)
        {
            throw QueryParameters.InvalidOptions("ListOptions", errors);
        }
    }

    private static byte[] Bookmark(ResourceDescriptor d, long revision, bool initialEventsEnd)
    {
        var meta = new V1ObjectMeta { ResourceVersion = revision.ToString(CultureInfo.InvariantCulture) };
        if (initialEventsEnd)
        {
            meta.Annotations = new Dictionary<string, string> { [InitialEventsEnd] = "true" };
        }
        var obj = JsonSerializer.SerializeToUtf8Bytes(new { kind = d.Kind, apiVersion = "v1", metadata = meta }, KubernetesJsonOptions.Default);
        return WatchEvents.Frame("BOOKMARK", obj);
    }

    private static byte[] Error(int code, string reason, string message) =>
        WatchEvents.Frame("ERROR", StatusBytes(new ApiException(code, reason, message).Status));

    private static byte[] StatusBytes(V1Status status) => JsonSerializer.SerializeToUtf8Bytes(status, KubernetesJsonOptions.Default);

    private static async Task WriteAsync(Stream body, byte[] frame, CancellationToken ct)
    {
        await body.WriteAsync(frame, ct);
        await body.FlushAsync(ct);
    }
}
