using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using MiniApiServer.Machinery;
using MiniApiServer.Storage;

namespace MiniApiServer.Tests.Storage;

public sealed class LiteDbObjectStoreTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "miniapiserver-store-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private LiteDbObjectStore Open(int historyMaxEvents = LiteDbObjectStore.DefaultHistoryMaxEvents) =>
        LiteDbObjectStore.Open(_dir, (_, _) => Attrs(), TimeProvider.System, NullLogger<LiteDbObjectStore>.Instance, historyMaxEvents);

    private static ObjectAttributes Attrs(string? label = null) => new(
        label is null ? ObjectAttributes.NoLabels : new Dictionary<string, string> { ["app"] = label },
        ObjectAttributes.NoLabels);

    private static StoreWrite Write(WriteKind kind, string ns, string name, long? expected = null, string body = "x") =>
        new(kind, "services", ns, name, expected, rv => new EncodedObject(Encoding.UTF8.GetBytes($"{{\"rv\":{rv},\"b\":\"{body}\"}}"), Attrs()));

    [Fact]
    public async Task Revisions_increase_by_one_per_write_across_kinds_of_write()
    {
        using var store = Open();
        var a = await store.CommitAsync(Write(WriteKind.Create, "default", "a"));
        var b = await store.CommitAsync(Write(WriteKind.Update, "default", "a", a.ResourceVersion, "y"));
        var c = await store.CommitAsync(Write(WriteKind.Delete, "default", "a", b.ResourceVersion));
        Assert.Equal([1L, 2L, 3L], [a.ResourceVersion, b.ResourceVersion, c.ResourceVersion]);
        Assert.Equal(StoreEventType.Deleted, c.Type);
        Assert.Equal(3, store.Current.Revision);
        Assert.Null(store.Current.Get("services", "default", "a"));
    }

    [Fact]
    public async Task Create_of_existing_key_fails_with_KeyExists()
    {
        using var store = Open();
        await store.CommitAsync(Write(WriteKind.Create, "default", "a"));
        var e = await Assert.ThrowsAsync<StorageException>(() => store.CommitAsync(Write(WriteKind.Create, "default", "a")));
        Assert.Equal(StorageErrorCode.KeyExists, e.Code);
        Assert.Equal(1, store.Current.Revision);
    }

    [Fact]
    public async Task Update_with_stale_revision_fails_with_Conflict_and_writes_nothing()
    {
        using var store = Open();
        var a = await store.CommitAsync(Write(WriteKind.Create, "default", "a"));
        await store.CommitAsync(Write(WriteKind.Update, "default", "a", a.ResourceVersion, "y"));
        var e = await Assert.ThrowsAsync<StorageException>(() => store.CommitAsync(Write(WriteKind.Update, "default", "a", a.ResourceVersion, "z")));
        Assert.Equal(StorageErrorCode.Conflict, e.Code);
        Assert.Contains("\"y\"", Encoding.UTF8.GetString(store.Current.Get("services", "default", "a")!.Json), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Names_are_case_sensitive()
    {
        using var store = Open();
        await store.CommitAsync(Write(WriteKind.Create, "default", "web"));
        await store.CommitAsync(Write(WriteKind.Create, "default", "WEB"));
        Assert.NotNull(store.Current.Get("services", "default", "web"));
        Assert.NotNull(store.Current.Get("services", "default", "WEB"));
        Assert.Equal(2, store.Current.Count("services"));
    }

    [Fact]
    public async Task Everything_acknowledged_is_there_after_reopening_and_revisions_continue()
    {
        using (var store = Open())
        {
            for (var i = 0; i < 50; i++)
            {
                await store.CommitAsync(Write(WriteKind.Create, "ns" + (i % 3), "svc" + i));
            }
            await store.CommitAsync(Write(WriteKind.Delete, "ns0", "svc0"));
        }
        using (var store = Open())
        {
            Assert.Equal(51, store.Current.Revision);
            Assert.Equal(49, store.Current.Count("services"));
            Assert.Null(store.Current.Get("services", "ns0", "svc0"));
            var next = await store.CommitAsync(Write(WriteKind.Create, "ns0", "svc0"));
            Assert.Equal(52, next.ResourceVersion);
        }
    }

    [Fact]
    public async Task Concurrent_writes_are_grouped_and_all_get_distinct_revisions()
    {
        using var store = Open();
        var tasks = Enumerable.Range(0, 500).Select(i => store.CommitAsync(Write(WriteKind.Create, "default", "s" + i))).ToList();
        var events = await Task.WhenAll(tasks);
        Assert.Equal(500, events.Select(e => e.ResourceVersion).Distinct().Count());
        Assert.Equal(500, store.Current.Revision);
    }

    [Fact]
    public void A_second_store_on_the_same_directory_is_refused()
    {
        using var store = Open();
        var e = Assert.Throws<DataDirectoryInUseException>(() => Open());
        Assert.Contains("in use by another MiniApiServer process", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Namespace_listing_sees_only_that_namespace_in_key_order()
    {
        using var store = Open();
        foreach (var (ns, name) in new[] { ("b", "z"), ("a", "y"), ("b", "a"), ("ab", "x") })
        {
            await store.CommitAsync(Write(WriteKind.Create, ns, name));
        }
        Assert.Equal(["b/a", "b/z"], store.Current.List("services", "b").Select(o => o.Key));
        Assert.Equal(["a/y", "ab/x", "b/a", "b/z"], store.Current.List("services").Select(o => o.Key));
        Assert.Equal(["b/z"], store.Current.List("services", "b", "b/a").Select(o => o.Key));
        Assert.Equal(1, store.Current.CountAfter("services", "b", "b/a"));
        Assert.Equal(0, store.Current.CountAfter("services", "b", "b/z"));
        Assert.Equal(3, store.Current.CountAfter("services", null, "a/y"));
        Assert.Equal(1, store.Current.CountAfter("services", "ab", "a/y"));
    }

    [Fact]
    public async Task Old_snapshots_stay_consistent_while_the_store_changes()
    {
        using var store = Open();
        await store.CommitAsync(Write(WriteKind.Create, "default", "a"));
        var at1 = store.Current;
        await store.CommitAsync(Write(WriteKind.Create, "default", "b"));
        await store.CommitAsync(Write(WriteKind.Delete, "default", "a"));
        Assert.Equal(["default/a"], at1.List("services").Select(o => o.Key));
        Assert.Equal(["default/a", "default/b"], store.SnapshotAt(2)!.List("services").Select(o => o.Key));
        Assert.Equal(["default/b"], store.SnapshotAt(3)!.List("services").Select(o => o.Key));
        Assert.Equal(2, store.SnapshotAt(2)!.Revision);
    }

    [Fact]
    public async Task Events_after_a_revision_are_replayed_in_order_with_previous_states()
    {
        using var store = Open();
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
        using var store = Open();
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
        using var store = Open();
        var bad = new StoreWrite(WriteKind.Create, "services", "default", "bad", null, _ => throw new InvalidOperationException("boom"));
        var good = store.CommitAsync(Write(WriteKind.Create, "default", "good"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.CommitAsync(bad));
        var e = await good;
        Assert.Equal(1, e.ResourceVersion);
        Assert.Null(store.Current.Get("services", "default", "bad"));
    }

    [Fact]
    public async Task The_log_is_checkpointed_between_writes_so_it_stays_bounded()
    {
        using var store = Open();
        for (var i = 0; i < 1500; i++)
        {
            await store.CommitAsync(Write(WriteKind.Create, "default", "s" + i, body: new string('x', 1000)));
        }
        // Each single-write commit appends several 8 KiB pages; without checkpoints 1500 of them would leave a log
        // of thousands of pages. The writer checkpoints whenever it is idle past 1000 pages (measured while open:
        // closing checkpoints anyway).
        var log = new FileInfo(Path.Combine(_dir, Database.LogFileName));
        Assert.True(log.Length <= 1010L * 8192, $"log is {log.Length} bytes");
        Assert.True(log.Length > 0);
    }

    [Fact]
    public async Task Events_survive_a_restart_so_watches_can_resume_but_old_snapshots_do_not()
    {
        using (var store = Open())
        {
            var a = await store.CommitAsync(Write(WriteKind.Create, "default", "a"));
            await store.CommitAsync(Write(WriteKind.Update, "default", "a", a.ResourceVersion, "y"));
            await store.CommitAsync(Write(WriteKind.Create, "default", "b"));
            await store.CommitAsync(Write(WriteKind.Delete, "default", "a"));
        }
        using var reopened = Open();
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
        using (var store = Open(historyMaxEvents: 100))
        {
            for (var i = 0; i < 2100; i++)
            {
                await store.CommitAsync(Write(WriteKind.Create, "default", "s" + i));
            }
            Assert.Null(store.EventsAfter(1000));
        }
        using var reopened = Open(historyMaxEvents: 100);
        Assert.Null(reopened.EventsAfter(1000));
        Assert.Equal(2000, reopened.OldestRevision);
        Assert.Equal(100, reopened.EventsAfter(2000)!.Count);
    }
}
