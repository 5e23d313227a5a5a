using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using MiniApiServer.Machinery;
using MiniApiServer.Storage;

namespace MiniApiServer.Tests.Storage;

/// <summary>
/// The caching store over a backend, run against each backend by deriving from this class: revisions, preconditions,
/// group commit, snapshots and their consistency, paging, history and fan-out, and the state after a reopen.
/// </summary>
public abstract class CachingStoreContract : IDisposable
{
    private protected static readonly GroupResource Services = GroupResource.Core("services");
    private readonly List<CachingStore> _open = [];

    /// <summary>Opens the backend on this test's storage (the same storage each call, as a restart would).</summary>
    private protected abstract IStorageBackend OpenBackend(int retainedChanges);

    public virtual void Dispose()
    {
        foreach (var s in _open)
        {
            s.Dispose();
        }
        GC.SuppressFinalize(this);
    }

    private protected CachingStore Open(int historyMaxEvents = CachingStore.DefaultHistoryMaxEvents, Func<IStorageBackend, IStorageBackend>? wrap = null)
    {
        var store = CachingStore.Open(() => (wrap ?? (b => b))(OpenBackend(historyMaxEvents)), (_, json) => Attrs(json), TimeProvider.System,
            NullLogger<CachingStore>.Instance, historyMaxEvents);
        _open.Add(store);
        return store;
    }

    private protected void Close(CachingStore store)
    {
        _open.Remove(store);
        store.Dispose();
    }

    /// <summary>Test objects carry their one label in the JSON, so attributes derived at start-up match the written ones.</summary>
    private static ObjectAttributes Attrs(byte[] json)
    {
        var text = Encoding.UTF8.GetString(json);
        var at = text.IndexOf("\"app\":\"", StringComparison.Ordinal);
        var labels = at < 0 ? ObjectAttributes.NoLabels
            : new Dictionary<string, string> { ["app"] = text[(at + 7)..text.IndexOf('"', at + 7)] };
        return new ObjectAttributes(labels, ObjectAttributes.NoLabels);
    }

    private protected static StoreWrite Write(WriteKind kind, string ns, string name, long? expected = null, string body = "x", string? app = null) =>
        new(kind, Services, ns, name, expected, rv =>
        {
            var json = Encoding.UTF8.GetBytes($"{{\"rv\":{rv},\"b\":\"{body}\"" + (app is null ? "" : $",\"app\":\"{app}\"") + "}");
            return new EncodedObject(json, Attrs(json));
        });

    [Fact]
    public async Task Revisions_increase_by_one_per_write_across_kinds_of_write()
    {
        var store = Open();
        var a = await store.CommitAsync(Write(WriteKind.Create, "default", "a"));
        var b = await store.CommitAsync(Write(WriteKind.Update, "default", "a", a.ResourceVersion, "y"));
        var c = await store.CommitAsync(Write(WriteKind.Delete, "default", "a", b.ResourceVersion));
        Assert.Equal([1L, 2L, 3L], [a.ResourceVersion, b.ResourceVersion, c.ResourceVersion]);
        Assert.Equal(StoreEventType.Deleted, c.Type);
        Assert.Equal(3, store.Current.Revision);
        Assert.Null(store.Current.Get(Services, "default", "a"));
    }

    [Fact]
    public async Task Create_of_existing_key_fails_with_KeyExists()
    {
        var store = Open();
        await store.CommitAsync(Write(WriteKind.Create, "default", "a"));
        var e = await Assert.ThrowsAsync<StorageException>(() => store.CommitAsync(Write(WriteKind.Create, "default", "a")));
        Assert.Equal(StorageErrorCode.KeyExists, e.Code);
        Assert.Equal(1, store.Current.Revision);
    }

    [Fact]
    public async Task Update_with_stale_revision_fails_with_Conflict_and_writes_nothing()
    {
        var store = Open();
        var a = await store.CommitAsync(Write(WriteKind.Create, "default", "a"));
        await store.CommitAsync(Write(WriteKind.Update, "default", "a", a.ResourceVersion, "y"));
        var e = await Assert.ThrowsAsync<StorageException>(() => store.CommitAsync(Write(WriteKind.Update, "default", "a", a.ResourceVersion, "z")));
        Assert.Equal(StorageErrorCode.Conflict, e.Code);
        Assert.Contains("\"y\"", Encoding.UTF8.GetString(store.Current.Get(Services, "default", "a")!.Json), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Names_are_case_sensitive()
    {
        var store = Open();
        await store.CommitAsync(Write(WriteKind.Create, "default", "web"));
        await store.CommitAsync(Write(WriteKind.Create, "default", "WEB"));
        Assert.NotNull(store.Current.Get(Services, "default", "web"));
        Assert.NotNull(store.Current.Get(Services, "default", "WEB"));
        Assert.Equal(2, store.Current.Count(Services));
    }

    [Fact]
    public async Task Everything_acknowledged_is_there_after_reopening_and_revisions_continue()
    {
        var store = Open();
        for (var i = 0; i < 50; i++)
        {
            await store.CommitAsync(Write(WriteKind.Create, "ns" + (i % 3), "svc" + i, app: "a" + (i % 2)));
        }
        await store.CommitAsync(Write(WriteKind.Delete, "ns0", "svc0"));
        Close(store);

        store = Open();
        Assert.Equal(51, store.Current.Revision);
        Assert.Equal(49, store.Current.Count(Services));
        Assert.Null(store.Current.Get(Services, "ns0", "svc0"));
        Assert.Equal("a1", store.Current.Get(Services, "ns1", "svc1")!.Attributes.Labels["app"]);
        var next = await store.CommitAsync(Write(WriteKind.Create, "ns0", "svc0"));
        Assert.Equal(52, next.ResourceVersion);
    }

    [Fact]
    public async Task Concurrent_writes_are_grouped_and_all_get_distinct_revisions()
    {
        var store = Open();
        var tasks = Enumerable.Range(0, 500).Select(i => store.CommitAsync(Write(WriteKind.Create, "default", "s" + i))).ToList();
        var events = await Task.WhenAll(tasks);
        Assert.Equal(500, events.Select(e => e.ResourceVersion).Distinct().Count());
        Assert.Equal(500, store.Current.Revision);
    }

    [Fact]
    public async Task Namespace_listing_sees_only_that_namespace_in_key_order()
    {
        var store = Open();
        foreach (var (ns, name) in new[] { ("b", "z"), ("a", "y"), ("b", "a"), ("ab", "x") })
        {
            await store.CommitAsync(Write(WriteKind.Create, ns, name));
        }
        Assert.Equal(["b/a", "b/z"], store.Current.List(Services, "b").Select(o => o.Key));
        Assert.Equal(["a/y", "ab/x", "b/a", "b/z"], store.Current.List(Services).Select(o => o.Key));
        Assert.Equal(["b/z"], store.Current.List(Services, "b", "b/a").Select(o => o.Key));
        Assert.Equal(1, store.Current.CountAfter(Services, "b", "b/a"));
        Assert.Equal(0, store.Current.CountAfter(Services, "b", "b/z"));
        Assert.Equal(3, store.Current.CountAfter(Services, null, "a/y"));
        Assert.Equal(1, store.Current.CountAfter(Services, "ab", "a/y"));
    }

    [Fact]
    public async Task Old_snapshots_stay_consistent_while_the_store_changes()
    {
        var store = Open();
        await store.CommitAsync(Write(WriteKind.Create, "default", "a"));
        var at1 = store.Current;
        await store.CommitAsync(Write(WriteKind.Create, "default", "b"));
        await store.CommitAsync(Write(WriteKind.Delete, "default", "a"));
        Assert.Equal(["default/a"], at1.List(Services).Select(o => o.Key));
        Assert.Equal(["default/a", "default/b"], store.SnapshotAt(2)!.List(Services).Select(o => o.Key));
        Assert.Equal(["default/b"], store.SnapshotAt(3)!.List(Services).Select(o => o.Key));
        Assert.Equal(2, store.SnapshotAt(2)!.Revision);
    }

    [Fact]
    public async Task Pages_of_a_list_are_read_at_the_first_page_revision_with_selection_and_remaining_count()
    {
        var store = Open();
        for (var i = 0; i < 5; i++)
        {
            await store.CommitAsync(Write(WriteKind.Create, "default", "s" + i, app: i % 2 == 0 ? "even" : "odd"));
        }
        var first = await store.ListAsync(Services, "default", new StoreListOptions(Limit: 2), CancellationToken.None);
        Assert.Equal((5L, 3L), (first.Revision, first.RemainingItemCount));
        Assert.Equal(["s0", "s1"], first.Items.Select(i => i.Name));
        await store.CommitAsync(Write(WriteKind.Delete, "default", "s3"));
        var second = await store.ListAsync(Services, "default", new StoreListOptions(Limit: 2, Continue: first.Continue), CancellationToken.None);
        Assert.Equal(["s2", "s3"], second.Items.Select(i => i.Name));
        Assert.Equal(5, second.Revision);

        var even = await store.ListAsync(Services, null, new StoreListOptions(Limit: 2, Filter: a => a.Labels.GetValueOrDefault("app") == "even"), CancellationToken.None);
        Assert.Equal(["s0", "s2"], even.Items.Select(i => i.Name));
        Assert.NotNull(even.Continue);
        Assert.Null(even.RemainingItemCount);
    }

    [Fact]
    public async Task A_list_at_an_exact_older_revision_sees_that_state_and_a_future_one_times_out_as_504()
    {
        var store = Open();
        await store.CommitAsync(Write(WriteKind.Create, "default", "a"));
        await store.CommitAsync(Write(WriteKind.Create, "default", "b"));
        var at1 = await store.ListAsync(Services, null, new StoreListOptions("1", "Exact"), CancellationToken.None);
        Assert.Equal((1L, 1), (at1.Revision, at1.Items.Count));
        var e = await Assert.ThrowsAsync<ApiException>(() => store.ListAsync(Services, null, new StoreListOptions("99"), CancellationToken.None));
        Assert.Equal(504, e.Code);
    }

    [Fact]
    public async Task Events_after_a_revision_are_replayed_in_order_with_previous_states()
    {
        var store = Open();
        var a = await store.CommitAsync(Write(WriteKind.Create, "default", "a"));
        await store.CommitAsync(Write(WriteKind.Update, "default", "a", a.ResourceVersion, "y"));
        await store.CommitAsync(Write(WriteKind.Delete, "default", "a"));
        var events = store.EventsAfter(1)!;
        Assert.Equal([StoreEventType.Modified, StoreEventType.Deleted], events.Select(e => e.Type));
        Assert.Equal([2L, 3L], events.Select(e => e.ResourceVersion));
        Assert.Equal(2, events[1].Previous!.ResourceVersion);
    }

    [Fact]
    public async Task Subscribers_see_every_committed_event_once_in_commit_order()
    {
        var store = Open();
        var seen = new List<long>();
        using var subscription = store.Subscribe(events =>
        {
            lock (seen)
            {
                seen.AddRange(events.Select(e => e.ResourceVersion));
            }
        });
        await Task.WhenAll(Enumerable.Range(0, 100).Select(i => store.CommitAsync(Write(WriteKind.Create, "default", "s" + i))));
        lock (seen)
        {
            Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), seen);
        }
    }

    [Fact]
    public async Task A_failing_encoder_fails_only_its_own_write()
    {
        var store = Open();
        var bad = new StoreWrite(WriteKind.Create, Services, "default", "bad", null, _ => throw new InvalidOperationException("boom"));
        var good = store.CommitAsync(Write(WriteKind.Create, "default", "good"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.CommitAsync(bad));
        var e = await good;
        Assert.Equal(1, e.ResourceVersion);
        Assert.Null(store.Current.Get(Services, "default", "bad"));
    }

    [Fact]
    public async Task Events_survive_a_restart_so_watches_can_resume_but_old_snapshots_do_not()
    {
        var store = Open();
        var a = await store.CommitAsync(Write(WriteKind.Create, "default", "a"));
        await store.CommitAsync(Write(WriteKind.Update, "default", "a", a.ResourceVersion, "y"));
        await store.CommitAsync(Write(WriteKind.Create, "default", "b"));
        await store.CommitAsync(Write(WriteKind.Delete, "default", "a"));
        Close(store);

        var reopened = Open();
        var events = reopened.EventsAfter(1)!;
        Assert.Equal([StoreEventType.Modified, StoreEventType.Added, StoreEventType.Deleted], events.Select(e => e.Type));
        Assert.Equal([2L, 3L, 4L], events.Select(e => e.ResourceVersion));
        Assert.Equal(2, events[2].Previous!.ResourceVersion);
        Assert.Contains("\"y\"", Encoding.UTF8.GetString(events[2].Previous!.Json), StringComparison.Ordinal);
        Assert.Equal(0, reopened.OldestRevision);
        Assert.Null(reopened.SnapshotAt(2));
        Assert.NotNull(reopened.SnapshotAt(4));
        var next = await reopened.CommitAsync(Write(WriteKind.Create, "default", "c"));
        Assert.Equal([3L, 4L, 5L], reopened.EventsAfter(2)!.Select(e => e.ResourceVersion));
        Assert.Equal(5, next.ResourceVersion);
    }

    [Fact]
    public async Task Persisted_events_are_compacted_to_the_window()
    {
        var store = Open(historyMaxEvents: 100);
        for (var i = 0; i < 2100; i++)
        {
            await store.CommitAsync(Write(WriteKind.Create, "default", "s" + i));
        }
        Assert.Null(store.EventsAfter(1000));
        Close(store);

        var reopened = Open(historyMaxEvents: 100);
        Assert.Null(reopened.EventsAfter(1000));
        Assert.Equal(2000, reopened.OldestRevision);
        Assert.Equal(100, reopened.EventsAfter(2000)!.Count);
    }

    [Fact]
    public async Task A_watch_from_the_current_version_has_nothing_to_read_until_something_changes()
    {
        // A caller that waits for the next change (the namespace controller) must wait: an empty replay is not an
        // event. Reporting one made that controller spin through list and watch without pause.
        var store = Open();
        var first = await store.CommitAsync(Write(WriteKind.Create, "default", "a"));
        using var watch = store.Watch(Services, null, new StoreWatchOptions(first.ResourceVersion, false, false, null, (_, _) => [], null));
        using (var quiet = new CancellationTokenSource(TimeSpan.FromMilliseconds(300)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await watch.WaitToReadAsync(quiet.Token));
        }
        Assert.False(watch.TryRead(out _));
        await store.CommitAsync(Write(WriteKind.Create, "default", "b"));
        using var soon = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Assert.True(await watch.WaitToReadAsync(soon.Token));
        Assert.True(watch.TryRead(out var e));
        Assert.Equal((WatchEventType.Added, 2L), (e.Type, long.Parse(System.Text.Json.Nodes.JsonNode.Parse(e.Object)!["rv"]!.ToString(), System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task A_watch_replays_the_changes_after_its_version_then_goes_on_live()
    {
        var store = Open();
        var a = await store.CommitAsync(Write(WriteKind.Create, "default", "a"));
        await store.CommitAsync(Write(WriteKind.Update, "default", "a", a.ResourceVersion, "y"));
        await store.CommitAsync(Write(WriteKind.Create, "other", "b"));
        using var watch = store.Watch(Services, "default", new StoreWatchOptions(a.ResourceVersion, false, false, null, (_, _) => [], null));
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Assert.True(await watch.WaitToReadAsync(limit.Token));
        Assert.True(watch.TryRead(out var replayed));
        Assert.Equal(WatchEventType.Modified, replayed.Type);
        Assert.False(watch.TryRead(out _));
        await store.CommitAsync(Write(WriteKind.Delete, "default", "a"));
        Assert.True(await watch.WaitToReadAsync(limit.Token));
        Assert.True(watch.TryRead(out var live));
        Assert.Equal(WatchEventType.Deleted, live.Type);
    }

    [Fact]
    public async Task Revisions_another_writer_took_are_read_back_so_every_change_is_seen_in_order()
    {
        var store = Open(wrap: b => new ForeignWriter(b, writesBefore: 2));
        var seen = new List<(long, string)>();
        using var subscription = store.Subscribe(events =>
        {
            lock (seen)
            {
                seen.AddRange(events.Select(e => (e.ResourceVersion, e.Object.Name)));
            }
        });
        var a = await store.CommitAsync(Write(WriteKind.Create, "default", "a"));
        var b = await store.CommitAsync(Write(WriteKind.Create, "default", "b"));
        var c = await store.CommitAsync(Write(WriteKind.Create, "default", "c"));
        Assert.Equal([2L, 4L, 5L], [a.ResourceVersion, b.ResourceVersion, c.ResourceVersion]);
        lock (seen)
        {
            Assert.Equal([(1L, "foreign-1"), (2L, "a"), (3L, "foreign-2"), (4L, "b"), (5L, "c")], seen);
        }
        Assert.Equal(5, store.Current.Revision);
        Assert.NotNull(store.Current.Get(Services, "other", "foreign-2"));
        Assert.Equal([1L, 2L, 3L, 4L, 5L], store.EventsAfter(0)!.Select(e => e.ResourceVersion));
    }

    [Fact]
    public async Task A_commit_with_an_unknown_outcome_fails_its_writes_and_the_store_reads_back_what_became_durable()
    {
        var store = Open(wrap: b => new CommitThenThrow(b));
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => store.CommitAsync(Write(WriteKind.Create, "default", "a")));
        Assert.Equal("the write could not be persisted", e.Message);
        Assert.Equal(1, store.Current.Revision);
        Assert.NotNull(store.Current.Get(Services, "default", "a"));
        var next = await store.CommitAsync(Write(WriteKind.Create, "default", "b"));
        Assert.Equal(2, next.ResourceVersion);
    }

    /// <summary>A backend shared with another writer: before each of this store's first commits, that writer commits one object.</summary>
    private sealed class ForeignWriter(IStorageBackend inner, int writesBefore) : DelegatingBackend(inner)
    {
        private int _foreign;

        public override IReadOnlyList<BackendResult> Commit(IReadOnlyList<StoreWrite> writes)
        {
            if (_foreign < writesBefore)
            {
                _foreign++;
                Assert.True(base.Commit([Write(WriteKind.Create, "other", "foreign-" + _foreign)])[0].Succeeded);
            }
            return base.Commit(writes);
        }
    }

    /// <summary>A remote backend whose first commit goes through but whose answer is lost (a timeout after the write).</summary>
    private sealed class CommitThenThrow(IStorageBackend inner) : DelegatingBackend(inner)
    {
        private bool _thrown;

        public override IReadOnlyList<BackendResult> Commit(IReadOnlyList<StoreWrite> writes)
        {
            var results = base.Commit(writes);
            if (_thrown)
            {
                return results;
            }
            _thrown = true;
            throw new TimeoutException("the answer was lost");
        }
    }

    /// <summary>A backend that passes every call to another; subclasses change what they need.</summary>
    private abstract class DelegatingBackend(IStorageBackend inner) : IStorageBackend
    {
        public BackendState Load() => inner.Load();

        public virtual IReadOnlyList<BackendResult> Commit(IReadOnlyList<StoreWrite> writes) => inner.Commit(writes);

        public IReadOnlyList<BackendChange>? ChangesAfter(long revision) => inner.ChangesAfter(revision);

        public void Maintain(bool idle) => inner.Maintain(idle);

        public void Dispose() => inner.Dispose();
    }
}
