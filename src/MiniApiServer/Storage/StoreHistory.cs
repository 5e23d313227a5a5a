namespace MiniApiServer.Storage;

/// <summary>
/// The recent past of the store: committed events, each with the snapshot right after it, kept for a window of
/// time (kube-apiserver compacts etcd every 5 minutes) and bounded in count. Events serve watches that resume from a
/// resourceVersion; snapshots serve LIST at an older exact revision and continue tokens. Events restored from disk
/// at start-up have no snapshot (states before a restart are not kept), so watches can resume across a restart while
/// snapshots start at the restart.
/// </summary>
internal sealed class StoreHistory(TimeSpan window, int maxEntries, TimeProvider time)
{
    private readonly record struct Entry(StoreEvent Event, StoreSnapshot? After, long AtTicks);

    private readonly Lock _gate = new();
    private readonly List<Entry> _entries = [];

    /// <summary>The oldest state a snapshot can be served for (the state before the oldest snapshot-bearing entry).</summary>
    private StoreSnapshot _snapshotBase = StoreSnapshot.Initial;

    /// <summary>The revision right before the oldest retained event: watches can replay from it.</summary>
    private long _eventsBase;

    /// <summary>Starts from <paramref name="current"/>, with the events restored from disk (oldest first), if any.</summary>
    public void Reset(StoreSnapshot current, IReadOnlyList<StoreEvent>? restored = null)
    {
        var now = time.GetUtcNow().UtcTicks;
        lock (_gate)
        {
            _entries.Clear();
            foreach (var e in restored ?? [])
            {
                _entries.Add(new Entry(e, null, now));
            }
            _snapshotBase = current;
            _eventsBase = _entries.Count > 0 ? _entries[0].Event.ResourceVersion - 1 : current.Revision;
        }
    }

    public void Append(StoreEvent e, StoreSnapshot after)
    {
        var now = time.GetUtcNow().UtcTicks;
        lock (_gate)
        {
            _entries.Add(new Entry(e, after, now));
            var cutoff = now - window.Ticks;
            var drop = 0;
            while (drop < _entries.Count - 1 && (_entries.Count - drop > maxEntries || _entries[drop].AtTicks < cutoff))
            {
                drop++;
            }
            if (drop > 0)
            {
                var lastDropped = _entries[drop - 1];
                _eventsBase = lastDropped.Event.ResourceVersion;
                if (lastDropped.After is { } state)
                {
                    _snapshotBase = state;
                }
                _entries.RemoveRange(0, drop);
            }
        }
    }

    /// <summary>The oldest revision a watch can start from (exclusive: events after it are all retained).</summary>
    public long OldestRevision
    {
        get
        {
            lock (_gate)
            {
                return _eventsBase;
            }
        }
    }

    /// <summary>The store as it was at <paramref name="revision"/>, or null when that state is not retained.</summary>
    public StoreSnapshot? SnapshotAt(long revision, StoreSnapshot current)
    {
        if (revision >= current.Revision)
        {
            return current;
        }
        lock (_gate)
        {
            if (revision < _snapshotBase.Revision)
            {
                return null;
            }
            // The state at `revision` is the one after the last event with RV <= revision.
            var index = FindFirstAfter(revision) - 1;
            var state = index >= 0 && _entries[index].After is { } after ? after : _snapshotBase;
            return state.AtRevision(revision);
        }
    }

    /// <summary>Events with a revision strictly after <paramref name="revision"/>, or null when some of them are gone.</summary>
    public IReadOnlyList<StoreEvent>? EventsAfter(long revision)
    {
        lock (_gate)
        {
            if (revision < _eventsBase)
            {
                return null;
            }
            var from = FindFirstAfter(revision);
            var result = new List<StoreEvent>(_entries.Count - from);
            for (var i = from; i < _entries.Count; i++)
            {
                result.Add(_entries[i].Event);
            }
            return result;
        }
    }

    private int FindFirstAfter(long revision)
    {
        int lo = 0, hi = _entries.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_entries[mid].Event.ResourceVersion <= revision)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }
}
