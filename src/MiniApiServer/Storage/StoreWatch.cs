using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using MiniApiServer.Machinery;

namespace MiniApiServer.Storage;

/// <summary>
/// One watch of a resource (and namespace), as kube-apiserver's cacher serves it (storage/cacher/cache_watcher.go):
/// the starting state, synthetic ADDED events of the current objects or exactly the changes after a revision, then
/// every committed change, through a bounded queue filled on the writer thread. A watcher that falls behind by more
/// than the queue holds is cut off (the watch ends, and the client re-watches from its last revision), never waited
/// for: writers and other watchers are not slowed. Selections turn changes into what the watcher can see
/// (k8s-semantics.md §8.3): an object moving into it is ADDED, moving out of it DELETED.
/// </summary>
internal sealed class StoreWatch : IWatch
{
    /// <summary>Events a watcher may lag behind before it is cut off.</summary>
    public const int QueueCapacity = 10_000;

    /// <summary>How long before the watch's end its last bookmark goes out (cache_watcher.go nextBookmarkTime: 2 s).</summary>
    private static readonly TimeSpan PreTimeoutBookmark = TimeSpan.FromSeconds(2);

    private readonly CachingStore _store;
    private readonly GroupResource _resource;
    private readonly string? _namespace;
    private readonly StoreWatchOptions _options;
    private readonly Channel<StoreEvent> _queue;
    private readonly IDisposable _subscription;
    private readonly long? _preTimeoutBookmarkAt;
    private bool _bookmarksDone;
    private IEnumerator<WatchEvent>? _start;
    private WatchEvent? _pending;
    private long _last;
    private bool _started;
    private bool _ended;

    public StoreWatch(CachingStore store, GroupResource resource, string? ns, StoreWatchOptions options)
    {
        _store = store;
        _resource = resource;
        _namespace = ns;
        _options = options;
        _queue = Channel.CreateBounded<StoreEvent>(new BoundedChannelOptions(QueueCapacity) { SingleReader = true, SingleWriter = true });
        if (options.Timeout is { } timeout)
        {
            _preTimeoutBookmarkAt = Stopwatch.GetTimestamp() + (long)((timeout - PreTimeoutBookmark).TotalSeconds * Stopwatch.Frequency);
        }
        // Subscribed before the starting state is read: every change after it is then queued, and versions the starting
        // state already covers are skipped, so there is no gap and no duplicate.
        _subscription = store.Subscribe(Enqueue);
    }

    public async ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken)
    {
        if (!_started)
        {
            _started = true;
            _start = await StartAsync(cancellationToken);
        }
        if (_pending is not null || TakeStart())
        {
            return true;
        }
        if (_ended)
        {
            return false;
        }
        using var tick = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var (wait, last) = NextBookmark();
        if (wait is { } w)
        {
            tick.CancelAfter(w);
        }
        try
        {
            if (await _queue.Reader.WaitToReadAsync(tick.Token))
            {
                return true;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            if (last)
            {
                _bookmarksDone = true;
            }
            _pending = new WatchEvent(WatchEventType.Bookmark, _options.Bookmark(_last, false));
            return true;
        }
        // Cut off (fell too far behind) or the store shut down: the watch ends.
        _ended = true;
        return false;
    }

    /// <summary>
    /// How long until the next progress bookmark, or null for none (cache_watcher.go nextBookmarkTime): after the
    /// interval without events, but no later than two seconds before the watch times out, so a client learns how far
    /// it got before it re-watches; none once that moment has passed.
    /// </summary>
    private (TimeSpan? Wait, bool Last) NextBookmark()
    {
        if (_options.BookmarkInterval is not { } interval || _bookmarksDone)
        {
            return (null, false);
        }
        if (_preTimeoutBookmarkAt is not { } at)
        {
            return (interval, false);
        }
        var untilPreTimeout = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), at);
        if (untilPreTimeout < TimeSpan.Zero)
        {
            return (null, false);
        }
        return untilPreTimeout <= interval ? (untilPreTimeout, true) : (interval, false);
    }

    public bool TryRead([MaybeNullWhen(false)] out WatchEvent watchEvent)
    {
        if (_pending is { } pending)
        {
            _pending = null;
            watchEvent = pending;
            return true;
        }
        if (TakeStart())
        {
            watchEvent = _pending!;
            _pending = null;
            return true;
        }
        while (!_ended && _queue.Reader.TryRead(out var e))
        {
            if (e.ResourceVersion <= _last)
            {
                continue;
            }
            _last = e.ResourceVersion;
            if (Visible(e) is { } visible)
            {
                watchEvent = visible;
                return true;
            }
        }
        watchEvent = null;
        return false;
    }

    /// <summary>
    /// Moves the next starting event, if any, into <see cref="_pending"/>; false once the starting events are all sent.
    /// Taking it ahead means a wait never reports an event that is not there (an empty replay is nothing to read).
    /// </summary>
    private bool TakeStart()
    {
        if (_start is null)
        {
            return false;
        }
        if (_start.MoveNext())
        {
            _pending = _start.Current;
            _ended |= _pending.Type == WatchEventType.Error;
            return true;
        }
        _start.Dispose();
        _start = null;
        return false;
    }

    public void Dispose()
    {
        _subscription.Dispose();
        _queue.Writer.TryComplete();
        _start?.Dispose();
    }

    private void Enqueue(IReadOnlyList<StoreEvent> events)
    {
        foreach (var e in events)
        {
            if (!Watches(e.Object))
            {
                continue;
            }
            if (!_queue.Writer.TryWrite(e))
            {
                // Fell too far behind: the watch ends once what is queued is read.
                _queue.Writer.TryComplete();
                return;
            }
        }
    }

    /// <summary>
    /// The starting events (k8s-semantics.md §8.2): the current state as ADDED events (waiting up to the freshness limit
    /// for a revision the store has not reached: 504 as an ERROR event if it does not come), with the initial-events-end
    /// bookmark when asked; or the retained changes after the given revision (410 Expired as an ERROR event when they
    /// are no longer all retained).
    /// </summary>
    private async Task<IEnumerator<WatchEvent>> StartAsync(CancellationToken ct)
    {
        if (_options.InitialState)
        {
            var snapshot = _store.Current;
            if (_options.From is { } wanted && wanted > snapshot.Revision)
            {
                snapshot = await _store.WaitForRevisionAsync(wanted, ct);
                if (snapshot.Revision < wanted)
                {
                    return Error(ApiException.TooLargeResourceVersion(wanted, snapshot.Revision));
                }
            }
            _last = snapshot.Revision;
            return InitialEvents(snapshot);
        }
        var from = _options.From ?? 0;
        var replay = _store.EventsAfter(from);
        if (replay is null)
        {
            // The cacher's "too old resource version: N (M)": M is the oldest version a watch can still start from.
            return Error(new ApiException(410, "Expired", $"too old resource version: {from} ({_store.OldestRevision})"));
        }
        _last = from;
        return Replay(replay);
    }

    private IEnumerator<WatchEvent> InitialEvents(StoreSnapshot snapshot)
    {
        foreach (var o in snapshot.List(_resource, _namespace))
        {
            if (Matches(o))
            {
                yield return new WatchEvent(WatchEventType.Added, o.Json);
            }
        }
        if (_options.InitialEventsEnd)
        {
            yield return new WatchEvent(WatchEventType.Bookmark, _options.Bookmark(snapshot.Revision, true));
        }
    }

    private IEnumerator<WatchEvent> Replay(IReadOnlyList<StoreEvent> events)
    {
        foreach (var e in events)
        {
            if (!Watches(e.Object))
            {
                continue;
            }
            _last = e.ResourceVersion;
            if (Visible(e) is { } visible)
            {
                yield return visible;
            }
        }
    }

    private static IEnumerator<WatchEvent> Error(ApiException e)
    {
        yield return new WatchEvent(WatchEventType.Error, JsonSerializer.SerializeToUtf8Bytes(e.Status, KubernetesJsonOptions.Default));
    }

    /// <summary>Whether a change to <paramref name="o"/> is of this watch's resource and namespace.</summary>
    private bool Watches(StoredObject o) => o.Resource == _resource && (_namespace is null || o.Namespace == _namespace);

    private bool Matches(StoredObject o) => _options.Filter is not { } filter || filter(o.Attributes);

    /// <summary>What this watcher sees of a change, or null when it is not its business (k8s-semantics.md §8.3).</summary>
    private WatchEvent? Visible(StoreEvent e)
    {
        if (_options.Filter is null)
        {
            return e.AsWatchEvent();
        }
        var before = e.Previous is { } p && Matches(p);
        var after = e.Type != StoreEventType.Deleted && Matches(e.Object);
        return (before, after) switch
        {
            (true, true) => e.AsWatchEvent(),
            (false, true) => new WatchEvent(WatchEventType.Added, e.Object.Json),
            (true, false) when e.Type == StoreEventType.Deleted => e.AsWatchEvent(),
            // Moved out of the selection: DELETED with the previous (matching) state at the change's version.
            (true, false) => new WatchEvent(WatchEventType.Deleted, Restamp(e.Previous!.Json, e.ResourceVersion)),
            _ => null,
        };
    }

    private static byte[] Restamp(byte[] json, long resourceVersion)
    {
        var node = JsonNode.Parse(json)?.AsObject() ?? throw new InvalidOperationException("stored object is not a JSON object");
        if (node["metadata"] is JsonObject meta)
        {
            meta["resourceVersion"] = resourceVersion.ToString(CultureInfo.InvariantCulture);
        }
        return Encoding.UTF8.GetBytes(node.ToJsonString(KubernetesJsonOptions.Default));
    }
}
