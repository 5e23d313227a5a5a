using LiteDB;

namespace MiniApiServer.Storage;

internal sealed partial class LiteDbObjectStore
{
    /// <summary>
    /// Applies a batch in one LiteDB transaction. Preconditions are checked against the state the batch has
    /// built so far, so writes to one key later in the batch see the earlier ones. Nothing is published or
    /// acknowledged until the transaction is committed and fsynced; if that fails, every write of the batch fails.
    /// </summary>
    private void CommitBatch(Database database, List<PendingWrite> batch)
    {
        var db = database.Db;
        var objects = db.GetCollection(ObjectsCollection);
        var events = db.GetCollection(EventsCollection);
        var state = _current;
        var revision = state.Revision;
        var results = new List<(PendingWrite Pending, StoreEvent Event, StoreSnapshot After)>(batch.Count);
        var failures = new List<(PendingWrite Pending, Exception Error)>();

        db.BeginTrans();
        try
        {
            foreach (var pending in batch)
            {
                var w = pending.Write;
                var existing = state.Get(w.Resource, w.Namespace, w.Name);
                var error = CheckPrecondition(w, existing);
                if (error is not null)
                {
                    failures.Add((pending, error));
                    continue;
                }
                EncodedObject encoded;
                try
                {
                    encoded = w.Encode(revision + 1);
                }
                catch (Exception e)
                {
                    failures.Add((pending, e));
                    continue;
                }
                revision++;
                var stored = new StoredObject(w.Resource, w.Namespace, w.Name, revision, encoded.Json, encoded.Attributes);
                var id = DocumentId(w.Resource, stored.Key);
                StoreEvent e2;
                if (w.Kind == WriteKind.Delete)
                {
                    objects.Delete(id);
                    state = state.With(revision, w.Resource, null, existing);
                    e2 = new StoreEvent(StoreEventType.Deleted, stored, existing);
                }
                else
                {
                    objects.Upsert(new BsonDocument { ["_id"] = id, ["rv"] = revision, ["j"] = encoded.Json });
                    state = state.With(revision, w.Resource, stored, null);
                    e2 = new StoreEvent(existing is null ? StoreEventType.Added : StoreEventType.Modified, stored, existing);
                }
                events.Insert(EventDocument(e2));
                results.Add((pending, e2, state));
            }
            if (results.Count > 0)
            {
                db.GetCollection(MetaCollection).Upsert(new BsonDocument { ["_id"] = RevisionId, ["v"] = revision });
                CompactEvents(events, _current.Revision, revision);
            }
            if (!db.Commit())
            {
                throw new InvalidOperationException("LiteDB refused the commit (transaction not owned by the writer thread)");
            }
            database.FlushCommitted();
        }
        catch (Exception e)
        {
            LogCommitFailed(e, batch.Count);
            TryRollback(db);
            foreach (var pending in batch)
            {
                pending.Completion.TrySetException(new InvalidOperationException("the write could not be persisted", e));
            }
            return;
        }

        foreach (var (_, e, after) in results)
        {
            _history.Append(e, after);
        }
        _current = state;
        // Watchers are handed the events before the writes are acknowledged: once a client has its answer, every
        // watch already has the change queued.
        if (results.Count > 0)
        {
            Publish(results.ConvertAll(r => r.Event));
        }
        foreach (var (pending, e, _) in results)
        {
            pending.Completion.TrySetResult(e);
        }
        foreach (var (pending, error) in failures)
        {
            pending.Completion.TrySetException(error);
        }
    }

    /// <summary>
    /// A committed change as persisted, so watches can resume across a restart: type, object (with the change's
    /// revision), and the previous state for selector transitions.
    /// </summary>
    private static BsonDocument EventDocument(StoreEvent e)
    {
        var doc = new BsonDocument
        {
            ["_id"] = e.ResourceVersion,
            ["t"] = (int)e.Type,
            ["r"] = e.Object.Resource,
            ["ns"] = e.Object.Namespace,
            ["n"] = e.Object.Name,
            ["j"] = e.Object.Json,
        };
        if (e.Previous is { } previous)
        {
            doc["p"] = previous.Json;
            doc["prv"] = previous.ResourceVersion;
        }
        return doc;
    }

    /// <summary>
    /// Drops persisted events older than the retained window whenever the revision crosses a multiple of the
    /// compaction step (one range delete, not one per write).
    /// </summary>
    private void CompactEvents(ILiteCollection<BsonDocument> events, long before, long after)
    {
        if (after / CompactionStep == before / CompactionStep || after <= _historyMaxEvents)
        {
            return;
        }
        events.DeleteMany(Query.LT("_id", after - _historyMaxEvents));
    }

    private static StorageException? CheckPrecondition(StoreWrite w, StoredObject? existing)
    {
        var key = ObjectKey.Of(w.Namespace, w.Name);
        return w.Kind switch
        {
            WriteKind.Create when existing is not null => new StorageException(StorageErrorCode.KeyExists, $"{w.Resource} {key} exists"),
            WriteKind.Update or WriteKind.Delete when existing is null => new StorageException(StorageErrorCode.NotFound, $"{w.Resource} {key} not found"),
            WriteKind.Update or WriteKind.Delete when w.ExpectedRevision is { } rv && rv != existing!.ResourceVersion =>
                new StorageException(StorageErrorCode.Conflict, $"{w.Resource} {key} is at {existing.ResourceVersion}, not {rv}"),
            _ => null,
        };
    }

    private void Publish(IReadOnlyList<StoreEvent> events)
    {
        foreach (var subscriber in _subscribers)
        {
            try
            {
                subscriber(events);
            }
            catch (Exception e)
            {
                LogSubscriberFailed(e);
            }
        }
    }

    private static void TryRollback(LiteDatabase db)
    {
        try
        {
            db.Rollback();
        }
        catch (LiteException)
        {
            // The transaction is already gone; nothing was acknowledged either way.
        }
    }
}
