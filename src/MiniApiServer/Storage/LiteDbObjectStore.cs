using System.Collections.Concurrent;
using LiteDB;
using MiniApiServer.Machinery;

namespace MiniApiServer.Storage;

/// <summary>
/// The embedded store: LiteDB on disk for durability and start-up, an immutable in-memory snapshot for every
/// read. One dedicated writer thread owns the database (LiteDB's locks are thread-affine), takes writes from a
/// queue, commits them in groups, fsyncs LiteDB's log once per group, then publishes the new snapshot and the
/// events in commit order and completes the callers. An acknowledged write is therefore on the device.
/// </summary>
internal sealed partial class LiteDbObjectStore : IObjectStore, IDisposable
{
    private const int MaxBatch = 128;

    /// <summary>
    /// How far back consistent paging, exact-version lists and watch resumption reach: etcd's 5-minute compaction,
    /// but at most 20,000 changes, because every retained change keeps an old version of an object in memory.
    /// </summary>
    private static readonly TimeSpan HistoryWindow = TimeSpan.FromMinutes(5);
    public const int DefaultHistoryMaxEvents = 20_000;
    private readonly int _historyMaxEvents;

    /// <summary>Checkpoint when no write is waiting and the log holds this much (LiteDB's own default threshold).</summary>
    private const long IdleCheckpointPages = 1000;

    /// <summary>Checkpoint even under load past this (64 MiB of log), so the log and restart time stay bounded.</summary>
    private const long MaxLogPages = 8192;
    private const string ObjectsCollection = "objects";
    private const string MetaCollection = "meta";
    private const string EventsCollection = "events";

    /// <summary>Persisted events are trimmed to the window each time the revision passes a multiple of this.</summary>
    private const long CompactionStep = 1024;
    private const string RevisionId = "revision";

    private readonly BlockingCollection<PendingWrite> _queue = new();
    private readonly StoreHistory _history;
    private readonly Func<string, byte[], ObjectAttributes> _attributes;
    private readonly ILogger _logger;
    private readonly Thread _writer;
    private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _subscribersGate = new();
    private Action<IReadOnlyList<StoreEvent>>[] _subscribers = [];
    private volatile StoreSnapshot _current = StoreSnapshot.Initial;
    private readonly string _dataDirectory;

    private LiteDbObjectStore(string dataDirectory, Func<string, byte[], ObjectAttributes> attributes, TimeProvider time, ILogger logger, int historyMaxEvents)
    {
        _historyMaxEvents = historyMaxEvents;
        _dataDirectory = dataDirectory;
        _attributes = attributes;
        _logger = logger;
        _history = new StoreHistory(HistoryWindow, historyMaxEvents, time);
        _writer = new Thread(Run) { IsBackground = true, Name = "store-writer" };
    }

    /// <summary>
    /// Opens (or creates) the database in <paramref name="dataDirectory"/> and loads every object into memory.
    /// Throws <see cref="DataDirectoryInUseException"/> when another process holds it.
    /// </summary>
    public static LiteDbObjectStore Open(string dataDirectory, Func<string, byte[], ObjectAttributes> attributes, TimeProvider time, ILogger<LiteDbObjectStore> logger,
        int historyMaxEvents = DefaultHistoryMaxEvents)
    {
        var store = new LiteDbObjectStore(dataDirectory, attributes, time, logger, historyMaxEvents);
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

    public long OldestRevision => _history.OldestRevision;

    public StoreSnapshot? SnapshotAt(long revision) => _history.SnapshotAt(revision, _current);

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
            throw new ObjectDisposedException(nameof(LiteDbObjectStore), "the store is shut down");
        }
        return pending.Completion.Task;
    }

    public IDisposable Subscribe(Action<IReadOnlyList<StoreEvent>> onCommitted)
    {
        lock (_subscribersGate)
        {
            _subscribers = [.. _subscribers, onCommitted];
        }
        return new Subscription(this, onCommitted);
    }

    public void Dispose()
    {
        if (!_queue.IsAddingCompleted)
        {
            _queue.CompleteAdding();
        }
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
        Database? database;
        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            database = Database.Open(_dataDirectory);
            var (snapshot, count) = Load(database.Db);
            _current = snapshot;
            _history.Reset(snapshot, LoadEvents(database.Db, snapshot.Revision));
            LogOpened(_dataDirectory, count, snapshot.Revision, (long)System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception e)
        {
            _opened.SetException(e);
            return;
        }
        _opened.SetResult();
        using (database)
        {
            var batch = new List<PendingWrite>(MaxBatch);
            while (TryTakeBatch(batch))
            {
                CommitBatch(database, batch);
                batch.Clear();
                CheckpointIfDue(database);
            }
            try
            {
                database.Db.Checkpoint();
            }
            catch (LiteException e)
            {
                LogCheckpointFailed(e);
            }
        }
    }

    /// <summary>
    /// Copies the log into the data file between batches: when nobody is waiting, so no write pays for it, or when
    /// the log has grown past its bound under sustained load. A checkpoint is not needed for durability (the log is
    /// fsynced on every commit); it keeps the log short.
    /// </summary>
    private void CheckpointIfDue(Database database)
    {
        var pages = database.LogPages;
        if ((pages >= IdleCheckpointPages && _queue.Count == 0) || pages >= MaxLogPages)
        {
            try
            {
                database.Db.Checkpoint();
            }
            catch (LiteException e)
            {
                LogCheckpointFailed(e);
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
    /// Reads every stored object. The database is read on this (the writer) thread; deriving each object's labels and
    /// fields means decoding it, which is most of start-up, so that part runs on all cores.
    /// </summary>
    private (StoreSnapshot Snapshot, int Count) Load(LiteDatabase db)
    {
        var revision = db.GetCollection(MetaCollection).FindById(RevisionId)?["v"].AsInt64 ?? 0;
        var docs = db.GetCollection(ObjectsCollection).FindAll()
            .Select(doc => (Id: doc["_id"].AsString, Rv: doc["rv"].AsInt64, Json: doc["j"].AsBinary))
            .ToList();
        var objects = new StoredObject[docs.Count];
        Parallel.For(0, docs.Count, i =>
        {
            var (resource, ns, name) = ParseId(docs[i].Id);
            objects[i] = new StoredObject(resource, ns, name, docs[i].Rv, docs[i].Json, _attributes(resource, docs[i].Json));
        });
        return (StoreSnapshot.Build(revision, objects), objects.Length);
    }

    /// <summary>The persisted events of the retained window, oldest first, for watches resuming across a restart.</summary>
    private List<StoreEvent> LoadEvents(LiteDatabase db, long revision)
    {
        var docs = db.GetCollection(EventsCollection).Find(Query.GT("_id", revision - _historyMaxEvents)).ToList();
        var result = new StoreEvent[docs.Count];
        Parallel.For(0, docs.Count, i =>
        {
            var d = docs[i];
            var resource = d["r"].AsString;
            var ns = d["ns"].AsString;
            var name = d["n"].AsString;
            var json = d["j"].AsBinary;
            var obj = new StoredObject(resource, ns, name, d["_id"].AsInt64, json, _attributes(resource, json));
            var previous = d["p"].IsNull ? null
                : new StoredObject(resource, ns, name, d["prv"].AsInt64, d["p"].AsBinary, _attributes(resource, d["p"].AsBinary));
            result[i] = new StoreEvent((StoreEventType)d["t"].AsInt32, obj, previous);
        });
        return [.. result.OrderBy(e => e.ResourceVersion)];
    }

    private static string DocumentId(string resource, string key) => resource + "/" + key;

    private static (string Resource, string Namespace, string Name) ParseId(string id)
    {
        var parts = id.Split('/');
        return parts.Length == 3 ? (parts[0], parts[1], parts[2]) : (parts[0], "", parts[1]);
    }

    private sealed record PendingWrite(StoreWrite Write, TaskCompletionSource<StoreEvent> Completion);

    private sealed class Subscription(LiteDbObjectStore store, Action<IReadOnlyList<StoreEvent>> callback) : IDisposable
    {
        public void Dispose() => store.Unsubscribe(callback);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Opened store in {Directory}: {Count} objects, revision {Revision}, loaded in {Milliseconds} ms")]
    private partial void LogOpened(string directory, int count, long revision, long milliseconds);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Commit of a batch of {Count} writes failed; none was acknowledged")]
    private partial void LogCommitFailed(Exception e, int count);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Checkpoint failed; the log is kept and checkpointed later")]
    private partial void LogCheckpointFailed(Exception e);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "A store subscriber threw; it keeps its subscription")]
    private partial void LogSubscriberFailed(Exception e);
}
