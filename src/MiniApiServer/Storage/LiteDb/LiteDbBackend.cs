using LiteDB;
using MiniApiServer.Machinery;

namespace MiniApiServer.Storage.LiteDb;

/// <summary>
/// The embedded backend: one LiteDB file in the data directory. Objects are documents keyed
/// <c>{group resource}/{namespace}/{name}</c> holding their revision and JSON; every committed change is also kept as
/// an event document (keyed by its revision) for watches that resume across a restart, trimmed to the retained window.
/// A batch is one LiteDB transaction, made durable by one fsync of LiteDB's log. LiteDB's locks are thread-affine: the
/// caching store calls this from its writer thread only, and nothing here awaits.
/// <para>
/// Like etcd, which compares a transaction's conditions with its in-memory key index rather than reading values, the
/// backend keeps an index of what it has stored: each key's revision and JSON (the same arrays the caching store holds,
/// so the index costs one entry per object). Preconditions are compared with it, and a change's previous state comes
/// from it, so a write reads nothing from LiteDB. It holds the truth because this backend is the only writer of its
/// files (they are opened exclusively), and it changes only when a transaction has committed.
/// </para>
/// </summary>
internal sealed partial class LiteDbBackend : IStorageBackend
{
    private const string ObjectsCollection = "objects";
    private const string MetaCollection = "meta";
    private const string EventsCollection = "events";
    private const string RevisionId = "revision";

    /// <summary>Persisted events are trimmed to the window each time the revision passes a multiple of this.</summary>
    private const long CompactionStep = 1024;

    /// <summary>Checkpoint when no write is waiting and the log holds this much (LiteDB's own default threshold).</summary>
    private const long IdleCheckpointPages = 1000;

    /// <summary>Checkpoint even under load past this (64 MiB of log), so the log and restart time stay bounded.</summary>
    private const long MaxLogPages = 8192;

    private readonly Database _database;
    private readonly Dictionary<Key, Stored> _stored = [];
    private readonly int _retainedChanges;
    private readonly ILogger _logger;
    private long _revision;

    private LiteDbBackend(Database database, int retainedChanges, ILogger logger)
    {
        _database = database;
        _retainedChanges = retainedChanges;
        _logger = logger;
    }

    /// <summary>
    /// Opens (or creates) the database in <paramref name="dataDirectory"/>, keeping the last <paramref name="retainedChanges"/>
    /// changes for watches. Throws <see cref="DataDirectoryInUseException"/> when another process holds it.
    /// </summary>
    public static LiteDbBackend Open(string dataDirectory, int retainedChanges, ILogger logger) =>
        new(Database.Open(dataDirectory), retainedChanges, logger);

    private LiteDatabase Db => _database.Db;

    /// <summary>
    /// Reads every document on this thread (LiteDB's), then splits the ids into keys on all cores: with 100,000 objects
    /// the split is a visible part of start-up.
    /// </summary>
    public BackendState Load()
    {
        _revision = Db.GetCollection(MetaCollection).FindById(RevisionId)?["v"].AsInt64 ?? 0;
        var docs = Db.GetCollection(ObjectsCollection).FindAll()
            .Select(doc => (Id: doc["_id"].AsString, Rv: doc["rv"].AsInt64, Json: doc["j"].AsBinary))
            .ToList();
        var objects = new BackendObject[docs.Count];
        Parallel.For(0, docs.Count, i =>
        {
            var (resource, ns, name) = ParseId(docs[i].Id);
            objects[i] = new BackendObject(resource, ns, name, docs[i].Rv, docs[i].Json);
        });
        _stored.Clear();
        _stored.EnsureCapacity(objects.Length);
        foreach (var o in objects)
        {
            _stored[new Key(o.Resource, o.Namespace, o.Name)] = new Stored(o.Revision, o.Json);
        }
        return new BackendState(_revision, objects, ReadChanges(_revision - _retainedChanges));
    }

    public IReadOnlyList<BackendChange>? ChangesAfter(long revision) =>
        revision < _revision - _retainedChanges ? null : ReadChanges(revision);

    /// <summary>
    /// One transaction for the batch. Each key's stored revision is looked up in the index with the batch's own changes
    /// laid over it, so a write later in the batch sees the earlier ones; the index takes the batch's changes only once
    /// the transaction is committed and the log fsynced, before which nothing of the batch is visible to anyone.
    /// </summary>
    public IReadOnlyList<BackendResult> Commit(IReadOnlyList<StoreWrite> writes)
    {
        var objects = Db.GetCollection(ObjectsCollection);
        var events = Db.GetCollection(EventsCollection);
        var revision = _revision;
        var results = new BackendResult[writes.Count];
        var changed = new Dictionary<Key, Stored?>();
        Db.BeginTrans();
        try
        {
            for (var i = 0; i < writes.Count; i++)
            {
                var w = writes[i];
                var key = new Key(w.Resource, w.Namespace, w.Name);
                var existing = changed.TryGetValue(key, out var inBatch) ? inBatch : _stored.TryGetValue(key, out var stored) ? stored : null;
                if (Precondition(w, existing?.Revision) is { } failed)
                {
                    results[i] = BackendResult.Failed(failed);
                    continue;
                }
                EncodedObject encoded;
                try
                {
                    encoded = w.Encode(revision + 1);
                }
                catch (Exception e)
                {
                    results[i] = BackendResult.Failed(e);
                    continue;
                }
                revision++;
                var id = DocumentId(w.Resource, w.Key);
                StoreEventType type;
                if (w.Kind == WriteKind.Delete)
                {
                    objects.Delete(id);
                    changed[key] = null;
                    type = StoreEventType.Deleted;
                }
                else
                {
                    var doc = new BsonDocument { ["_id"] = id, ["rv"] = revision, ["j"] = encoded.Json };
                    if (existing is null)
                    {
                        objects.Insert(doc);
                    }
                    else
                    {
                        objects.Update(doc);
                    }
                    changed[key] = new Stored(revision, encoded.Json);
                    type = existing is null ? StoreEventType.Added : StoreEventType.Modified;
                }
                events.Insert(EventDocument(revision, type, w, encoded.Json, existing));
                results[i] = BackendResult.Committed(revision, encoded);
            }
            if (revision != _revision)
            {
                Db.GetCollection(MetaCollection).Upsert(new BsonDocument { ["_id"] = RevisionId, ["v"] = revision });
                CompactEvents(events, _revision, revision);
            }
            if (!Db.Commit())
            {
                throw new InvalidOperationException("LiteDB refused the commit (transaction not owned by the writer thread)");
            }
            _database.FlushCommitted();
        }
        catch
        {
            TryRollback();
            throw;
        }
        _revision = revision;
        foreach (var (key, value) in changed)
        {
            if (value is { } stored)
            {
                _stored[key] = stored;
            }
            else
            {
                _stored.Remove(key);
            }
        }
        return results;
    }

    /// <summary>
    /// Copies the log into the data file: when nobody is waiting, so no write pays for it, or when the log has grown
    /// past its bound under sustained load. Not needed for durability (the log is fsynced on every commit); it keeps
    /// the log, and so restarts, short.
    /// </summary>
    public void Maintain(bool idle)
    {
        var pages = _database.LogPages;
        if ((pages >= IdleCheckpointPages && idle) || pages >= MaxLogPages)
        {
            Checkpoint();
        }
    }

    public void Dispose()
    {
        Checkpoint();
        _database.Dispose();
    }

    private void Checkpoint()
    {
        try
        {
            Db.Checkpoint();
        }
        catch (LiteException e)
        {
            LogCheckpointFailed(e);
        }
    }

    private List<BackendChange> ReadChanges(long after)
    {
        var docs = Db.GetCollection(EventsCollection).Find(Query.GT("_id", after)).ToList();
        var changes = new BackendChange[docs.Count];
        Parallel.For(0, docs.Count, i => changes[i] = ChangeOf(docs[i]));
        return [.. changes.OrderBy(c => c.Object.Revision)];
    }

    /// <summary>
    /// A committed change as persisted, so watches can resume across a restart: type, key, the object with the change's
    /// revision, and the previous state (for selector transitions and a deletion's previous version).
    /// </summary>
    private static BsonDocument EventDocument(long revision, StoreEventType type, StoreWrite w, byte[] json, Stored? previous)
    {
        var doc = new BsonDocument
        {
            ["_id"] = revision,
            ["t"] = (int)type,
            ["r"] = w.Resource.ToString(),
            ["ns"] = w.Namespace,
            ["n"] = w.Name,
            ["j"] = json,
        };
        if (previous is { } p)
        {
            doc["p"] = p.Json;
            doc["prv"] = p.Revision;
        }
        return doc;
    }

    private static BackendChange ChangeOf(BsonDocument d)
    {
        var resource = GroupResource.Parse(d["r"].AsString);
        var ns = d["ns"].AsString;
        var name = d["n"].AsString;
        var obj = new BackendObject(resource, ns, name, d["_id"].AsInt64, d["j"].AsBinary);
        var previous = d["p"].IsNull ? null : new BackendObject(resource, ns, name, d["prv"].AsInt64, d["p"].AsBinary);
        return new BackendChange((StoreEventType)d["t"].AsInt32, obj, previous);
    }

    /// <summary>
    /// Drops persisted events older than the retained window whenever the revision crosses a multiple of the
    /// compaction step (one range delete, not one per write).
    /// </summary>
    private void CompactEvents(ILiteCollection<BsonDocument> events, long before, long after)
    {
        if (after / CompactionStep == before / CompactionStep || after <= _retainedChanges)
        {
            return;
        }
        events.DeleteMany(Query.LT("_id", after - _retainedChanges));
    }

    private static StorageException? Precondition(StoreWrite w, long? stored) => w.Kind switch
    {
        WriteKind.Create when stored is not null => new StorageException(StorageErrorCode.KeyExists, $"{w.Resource} {w.Key} exists"),
        WriteKind.Update or WriteKind.Delete when stored is null => new StorageException(StorageErrorCode.NotFound, $"{w.Resource} {w.Key} not found"),
        WriteKind.Update or WriteKind.Delete when w.ExpectedRevision is { } rv && rv != stored =>
            new StorageException(StorageErrorCode.Conflict, $"{w.Resource} {w.Key} is at {stored}, not {rv}"),
        _ => null,
    };

    /// <summary>
    /// The document id: <c>services/default/web</c>, <c>leases.coordination.k8s.io/kube-node-lease/n1</c>, <c>namespaces/default</c>.
    /// Core resources keep the ids of data directories written before resources had groups.
    /// </summary>
    private static string DocumentId(GroupResource resource, string key) => resource + "/" + key;

    private static (GroupResource Resource, string Namespace, string Name) ParseId(string id)
    {
        var parts = id.Split('/');
        var resource = GroupResource.Parse(parts[0]);
        return parts.Length == 3 ? (resource, parts[1], parts[2]) : (resource, "", parts[1]);
    }

    /// <summary>An object's key: its resource, namespace ("" when cluster-scoped) and name.</summary>
    private readonly record struct Key(GroupResource Resource, string Namespace, string Name);

    /// <summary>What is stored under a key: the revision that wrote it and its JSON.</summary>
    private readonly record struct Stored(long Revision, byte[] Json);

    private void TryRollback()
    {
        try
        {
            Db.Rollback();
        }
        catch (LiteException)
        {
            // The transaction is already gone; nothing of it was committed either way.
        }
    }

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Checkpoint failed; the log is kept and checkpointed later")]
    private partial void LogCheckpointFailed(Exception e);
}
