namespace MiniApiServer.Storage;

internal sealed partial class CachingStore
{
    /// <summary>
    /// Commits a batch through the backend, then applies what it committed to the in-memory state in revision order.
    /// Nothing is published or acknowledged before the backend has made it durable; a write whose precondition failed
    /// gets its own error and the others go on. When the backend's revisions skip some (another writer took them), or the
    /// commit failed with an unknown outcome, the store first reads back from the backend what it missed.
    /// </summary>
    private void CommitBatch(IStorageBackend backend, List<PendingWrite> batch)
    {
        IReadOnlyList<BackendResult> results;
        try
        {
            results = backend.Commit([.. batch.Select(p => p.Write)]);
        }
        catch (Exception e)
        {
            LogCommitFailed(e, batch.Count);
            Apply(CatchUp(backend, _current, []));
            foreach (var pending in batch)
            {
                pending.Completion.TrySetException(new InvalidOperationException("the write could not be persisted", e));
            }
            return;
        }

        var mine = new Dictionary<long, (PendingWrite Pending, EncodedObject Value)>();
        for (var i = 0; i < batch.Count; i++)
        {
            if (results[i] is { Succeeded: true, Value: { } value } r)
            {
                mine[r.Revision] = (batch[i], value);
            }
        }
        var applied = InSequence(mine.Keys, _current.Revision)
            ? ApplyOwn(mine)
            : CatchUp(backend, _current, mine);
        Apply(applied);
        // Watchers were handed the events in Apply: once a client has its answer, every watch already has the change queued.
        foreach (var a in applied)
        {
            a.Pending?.Completion.TrySetResult(a.Event);
        }
        for (var i = 0; i < batch.Count; i++)
        {
            // Completions are set once: the writes applied above ignore these.
            batch[i].Completion.TrySetException(results[i].Error
                ?? new InvalidOperationException("the backend committed the write but the store could not read it back"));
        }
    }

    /// <summary>True when the revisions are exactly the ones after <paramref name="current"/>: nothing happened in between.</summary>
    private static bool InSequence(IEnumerable<long> revisions, long current)
    {
        var expected = current + 1;
        foreach (var rv in revisions.Order())
        {
            if (rv != expected++)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The events of this store's own writes, computed on the current state (the common case: nobody else writes).</summary>
    private List<Applied> ApplyOwn(Dictionary<long, (PendingWrite Pending, EncodedObject Value)> mine)
    {
        var applied = new List<Applied>(mine.Count);
        var state = _current;
        foreach (var (rv, (pending, value)) in mine.OrderBy(m => m.Key))
        {
            var w = pending.Write;
            var existing = state.Get(w.Resource, w.Namespace, w.Name);
            var stored = new StoredObject(w.Resource, w.Namespace, w.Name, rv, value.Json, value.Attributes);
            var e = w.Kind == WriteKind.Delete
                ? new StoreEvent(StoreEventType.Deleted, stored, existing)
                : new StoreEvent(existing is null ? StoreEventType.Added : StoreEventType.Modified, stored, existing);
            state = Advance(state, e);
            applied.Add(new Applied(e, state, pending));
        }
        return applied;
    }

    /// <summary>
    /// Every change the backend committed after <paramref name="from"/>, this store's writes among them (matched by
    /// revision, so their attributes need no decoding). Empty when the backend no longer retains them: the store then
    /// keeps its state, and says so.
    /// </summary>
    private List<Applied> CatchUp(IStorageBackend backend, StoreSnapshot from,
        Dictionary<long, (PendingWrite Pending, EncodedObject Value)> mine)
    {
        var changes = backend.ChangesAfter(from.Revision);
        if (changes is null)
        {
            LogCatchUpImpossible(from.Revision);
            return [];
        }
        var applied = new List<Applied>(changes.Count);
        var state = from;
        foreach (var c in changes)
        {
            var o = c.Object;
            var own = mine.TryGetValue(o.Revision, out var m) ? m : default;
            var stored = own.Value is { } value
                ? new StoredObject(o.Resource, o.Namespace, o.Name, o.Revision, value.Json, value.Attributes)
                : ToStored(o);
            var previous = state.Get(o.Resource, o.Namespace, o.Name) ?? (c.Previous is { } p ? ToStored(p) : null);
            var e = new StoreEvent(c.Type, stored, previous);
            state = Advance(state, e);
            applied.Add(new Applied(e, state, own.Pending));
        }
        return applied;
    }

    private static StoreSnapshot Advance(StoreSnapshot state, StoreEvent e) =>
        e.Type == StoreEventType.Deleted
            ? state.With(e.ResourceVersion, e.Object.Resource, null, e.Previous)
            : state.With(e.ResourceVersion, e.Object.Resource, e.Object, null);

    /// <summary>Records the events in the history, publishes the new state, and hands the events to every subscriber.</summary>
    private void Apply(List<Applied> applied)
    {
        if (applied.Count == 0)
        {
            return;
        }
        foreach (var a in applied)
        {
            _history.Append(a.Event, a.After);
        }
        _current = applied[^1].After;
        Publish(applied.ConvertAll(a => a.Event));
    }

    /// <summary>A change applied to the in-memory state: its event, the state right after it, and the caller to answer (if it is this store's write).</summary>
    private readonly record struct Applied(StoreEvent Event, StoreSnapshot After, PendingWrite? Pending);

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
}
