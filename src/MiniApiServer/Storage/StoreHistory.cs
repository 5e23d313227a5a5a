namespace MiniApiServer.Storage;

/// <summary>
/// The recent past of the store: every committed event with the snapshot right after it, kept for a window of
/// time (kube-apiserver compacts etcd every 5 minutes) and bounded in count. It serves LIST at an older exact
/// revision, continue tokens, and watches that resume from a resourceVersion.
/// </summary>
internal sealed class StoreHistory(TimeSpan window, int maxEntries, TimeProvider time)
{
    private readonly record struct Entry(StoreEvent Event, StoreSnapshot After, long AtTicks);

    private readonly Lock _gate = new();
    private readonly List<Entry> _entries = [];

    /// <summary>The state before the oldest retained event: the oldest state that can still be served.</summary>
    private StoreSnapshot _base = StoreSnapshot.Initial;

    private long OldestServable => _base.Revision;

    public void Reset(StoreSnapshot current)
    {
        lock (_gate)
        {
            _entries.Clear();
            _base = current;
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
                _base = _entries[drop - 1].After;
                _entries.RemoveRange(0, drop);
            }
        }
    }

    /// <summary>The oldest revision a snapshot or an event replay can start from.</summary>
    public long OldestRevision
    {
        get
        {
            lock (_gate)
            {
                return OldestServable;
            }
        }
    }

    /// <summary>The store as it was at <paramref name="revision"/>, or null when that is older than the window.</summary>
    public StoreSnapshot? SnapshotAt(long revision, StoreSnapshot current)
    {
        if (revision >= current.Revision)
        {
            return current;
        }
        lock (_gate)
        {
            if (revision < OldestServable)
            {
                return null;
            }
            // The state at `revision` is the one after the last event with RV <= revision.
            var index = FindFirstAfter(revision) - 1;
            var state = index < 0 ? _base : _entries[index].After;
            return state.AtRevision(revision);
        }
    }

    /// <summary>Events with a revision strictly after <paramref name="revision"/>, or null when some of them are gone.</summary>
    public IReadOnlyList<StoreEvent>? EventsAfter(long revision)
    {
        lock (_gate)
        {
            if (revision < OldestServable)
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
