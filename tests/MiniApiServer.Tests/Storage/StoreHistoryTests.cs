using System.Text;
using MiniApiServer.Machinery;
using MiniApiServer.Storage;

namespace MiniApiServer.Tests.Storage;

/// <summary>
/// The retained history behind watch resumption: within the bounds a replay is exact, beyond them it is refused
/// (null), which the watch turns into the 410 Expired ERROR event.
/// </summary>
public sealed class StoreHistoryTests
{
    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static StoreSnapshot AppendAdds(StoreHistory history, StoreSnapshot state, long fromRevision, long toRevision)
    {
        for (var rv = fromRevision; rv <= toRevision; rv++)
        {
            var obj = new StoredObject(GroupResource.Core("services"), "default", "s" + rv, rv, Encoding.UTF8.GetBytes("{}"),
                new ObjectAttributes(ObjectAttributes.NoLabels, ObjectAttributes.NoLabels));
            state = state.With(rv, GroupResource.Core("services"), obj, null);
            history.Append(new StoreEvent(StoreEventType.Added, obj, null), state);
        }
        return state;
    }

    [Fact]
    public void Events_after_a_retained_version_are_exact_and_in_order()
    {
        var history = new StoreHistory(TimeSpan.FromMinutes(5), 100, TimeProvider.System);
        AppendAdds(history, StoreSnapshot.Initial, 1, 10);
        Assert.Equal([5L, 6, 7, 8, 9, 10], history.EventsAfter(4)!.Select(e => e.ResourceVersion));
        Assert.Empty(history.EventsAfter(10)!);
    }

    [Fact]
    public void Versions_older_than_the_count_bound_are_too_old()
    {
        var history = new StoreHistory(TimeSpan.FromMinutes(5), 3, TimeProvider.System);
        AppendAdds(history, StoreSnapshot.Initial, 1, 10);
        // Events 8, 9, 10 are retained: a watch can start from 7 (the state before them), not from anything older.
        Assert.Equal(7, history.OldestRevision);
        Assert.Null(history.EventsAfter(1));
        Assert.Null(history.EventsAfter(6));
        Assert.Equal([8L, 9, 10], history.EventsAfter(7)!.Select(e => e.ResourceVersion));
    }

    [Fact]
    public void Versions_older_than_the_time_window_are_too_old()
    {
        var clock = new ManualClock();
        var history = new StoreHistory(TimeSpan.FromMinutes(5), 1000, clock);
        var state = AppendAdds(history, StoreSnapshot.Initial, 1, 5);
        clock.Now += TimeSpan.FromMinutes(6);
        AppendAdds(history, state, 6, 6);
        Assert.Null(history.EventsAfter(4));
        Assert.Equal([6L], history.EventsAfter(5)!.Select(e => e.ResourceVersion));
    }
}
