using System.Collections.Concurrent;
using MiniApiServer.Machinery;

namespace MiniApiServer.Storage;

/// <summary>
/// Every read from memory, every write through one writer over a backend (kube-apiserver's cacher and generic store
/// over etcd, in one process). One dedicated writer thread takes writes from a queue, hands them to the backend in
/// groups (one durable commit per group), then builds the new immutable snapshot, records the changes in the history
/// and hands them to every watcher, and only then completes the callers: an acknowledged write is on the device and
/// already queued for every watch. The backend is only ever called from the writer thread.
/// </summary>
internal sealed partial class CachingStore : IObjectStore, IDisposable
{
    private const int MaxBatch = 128;

    /// <summary>
    /// How far back consistent paging, exact-version lists and watch resumption reach: etcd's 5-minute compaction,
    /// but at most 20,000 changes, because every retained change keeps an old version of an object in memory.
    /// </summary>
    private static readonly TimeSpan HistoryWindow = TimeSpan.FromMinutes(5);
    public const int DefaultHistoryMaxEvents = 20_000;

    /// <summary>How long a read asking for a revision the store has not reached waits for it (cacher waitUntilFreshAndBlock).</summary>
    public static readonly TimeSpan FreshnessLimit = TimeSpan.FromSeconds(3);

    private readonly BlockingCollection<PendingWrite> _queue = new();
    private readonly StoreHistory _history;
    private readonly Func<GroupResource, byte[], ObjectAttributes> _attributes;
    private readonly Func<IStorageBackend> _openBackend;
    private readonly ILogger _logger;
    private readonly Thread _writer;
    private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _subscribersGate = new();
    private Action<IReadOnlyList<StoreEvent>>[] _subscribers = [];
    private volatile StoreSnapshot _current = StoreSnapshot.Initial;
    private int _disposed;

    private CachingStore(Func<IStorageBackend> openBackend, Func<GroupResource, byte[], ObjectAttributes> attributes, TimeProvider time, ILogger logger, int historyMaxEvents)
    {
        _openBackend = openBackend;
        _attributes = attributes;
        _logger = logger;
        _history = new StoreHistory(HistoryWindow, historyMaxEvents, time);
        _writer = new Thread(Run) { IsBackground = true, Name = "store-writer" };
    }

    /// <summary>
    /// Opens the backend on the writer thread (an embedded database's locks belong to the thread that uses it) and loads
    /// everything into memory, deriving each object's labels and fields with <paramref name="attributes"/>. Rethrows
    /// what opening the backend throws (e.g. <c>DataDirectoryInUseException</c>).
    /// </summary>
    public static CachingStore Open(Func<IStorageBackend> openBackend, Func<GroupResource, byte[], ObjectAttributes> attributes, TimeProvider time,
        ILogger<CachingStore> logger, int historyMaxEvents = DefaultHistoryMaxEvents)
    {
        var store = new CachingStore(openBackend, attributes, time, logger, historyMaxEvents);
        store._writer.Start();
        try
        {
            store._opened.Task.GetAwaiter().GetResult();
        }
        catch
        {
            store._queue.CompleteAdding();
            store._writer.Join();
            throw;
        }
        return store;
    }

    public StoreSnapshot Current => _current;

    /// <summary>The oldest revision a watch can start from (exclusive).</summary>
    public long OldestRevision => _history.OldestRevision;

    /// <summary>The state at an older revision, or null when it is no longer retained (410 Expired upstream).</summary>
    public StoreSnapshot? SnapshotAt(long revision) => _history.SnapshotAt(revision, _current);

    /// <summary>Committed events after a revision, or null when some are no longer retained.</summary>
    public IReadOnlyList<StoreEvent>? EventsAfter(long revision) => _history.EventsAfter(revision);

    public Task<StoreEvent> CommitAsync(StoreWrite write, CancellationToken cancellationToken = default)
    {
        var pending = new PendingWrite(write, new TaskCompletionSource<StoreEvent>(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            _queue.Add(pending, cancellationToken);
        }
        catch (InvalidOperationException)
        {
            throw new ObjectDisposedException(nameof(CachingStore), "the store is shut down");
        }
        return pending.Completion.Task;
    }

    public IWatch Watch(GroupResource resource, string? ns, StoreWatchOptions options) => new StoreWatch(this, resource, ns, options);

    /// <summary>
    /// Registers a callback run on the writer after every committed batch, in commit order. It must not block:
    /// hand the events to a queue.
    /// </summary>
    public IDisposable Subscribe(Action<IReadOnlyList<StoreEvent>> onCommitted)
    {
        lock (_subscribersGate)
        {
            _subscribers = [.. _subscribers, onCommitted];
        }
        return new Subscription(this, onCommitted);
    }

    /// <summary>The current state once it has reached <paramref name="revision"/>, or after <see cref="FreshnessLimit"/> whatever it is.</summary>
    public async Task<StoreSnapshot> WaitForRevisionAsync(long revision, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + FreshnessLimit;
        while (_current.Revision < revision && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, ct);
        }
        return _current;
    }

    /// <summary>Stops taking writes, lets the writer finish what it has, and closes the backend. Idempotent.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        _queue.CompleteAdding();
        _writer.Join();
        _queue.Dispose();
    }

    private void Unsubscribe(Action<IReadOnlyList<StoreEvent>> onCommitted)
    {
        lock (_subscribersGate)
        {
            _subscribers = [.. _subscribers.Where(s => s != onCommitted)];
        }
    }

    private void Run()
    {
        IStorageBackend backend;
        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            backend = _openBackend();
            try
            {
                var count = Load(backend.Load());
                LogOpened(count, _current.Revision, (long)System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            catch
            {
                backend.Dispose();
                throw;
            }
        }
        catch (Exception e)
        {
            _opened.SetException(e);
            return;
        }
        _opened.SetResult();
        using (backend)
        {
            var batch = new List<PendingWrite>(MaxBatch);
            while (TryTakeBatch(batch))
            {
                CommitBatch(backend, batch);
                batch.Clear();
                backend.Maintain(idle: _queue.Count == 0);
            }
        }
    }

    private bool TryTakeBatch(List<PendingWrite> batch)
    {
        if (!_queue.TryTake(out var first, Timeout.Infinite))
        {
            return false;
        }
        batch.Add(first);
        while (batch.Count < MaxBatch && _queue.TryTake(out var next))
        {
            batch.Add(next);
        }
        return true;
    }

    /// <summary>
    /// Builds the snapshot and the history from what the backend holds. Deriving each object's labels and fields means
    /// decoding it, which is most of start-up, so that runs on all cores.
    /// </summary>
    private int Load(BackendState state)
    {
        var objects = new StoredObject[state.Objects.Count];
        Parallel.For(0, objects.Length, i => objects[i] = ToStored(state.Objects[i]));
        var changes = new StoreEvent[state.Changes.Count];
        Parallel.For(0, changes.Length, i => changes[i] = ToEvent(state.Changes[i]));
        _current = StoreSnapshot.Build(state.Revision, objects);
        _history.Reset(_current, changes);
        return objects.Length;
    }

    private StoredObject ToStored(BackendObject o) =>
        new(o.Resource, o.Namespace, o.Name, o.Revision, o.Json, _attributes(o.Resource, o.Json));

    private StoreEvent ToEvent(BackendChange c) =>
        new(c.Type, ToStored(c.Object), c.Previous is { } p ? ToStored(p) : null);

    private sealed record PendingWrite(StoreWrite Write, TaskCompletionSource<StoreEvent> Completion);

    private sealed class Subscription(CachingStore store, Action<IReadOnlyList<StoreEvent>> callback) : IDisposable
    {
        public void Dispose() => store.Unsubscribe(callback);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Opened store: {Count} objects, revision {Revision}, loaded in {Milliseconds} ms")]
    private partial void LogOpened(int count, long revision, long milliseconds);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Commit of a batch of {Count} writes failed; none was acknowledged")]
    private partial void LogCommitFailed(Exception e, int count);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "A store subscriber threw; it keeps its subscription")]
    private partial void LogSubscriberFailed(Exception e);

    [LoggerMessage(EventId = 5, Level = LogLevel.Critical, Message = "The backend reports changes the store cannot read back (after revision {Revision}); the store keeps its state")]
    private partial void LogCatchUpImpossible(long revision);
}
