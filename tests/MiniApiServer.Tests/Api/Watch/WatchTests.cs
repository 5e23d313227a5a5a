using System.Text.Json.Nodes;
using static MiniApiServer.Tests.Api.ApiTestKit;

namespace MiniApiServer.Tests.Api.Watch;

/// <summary>?watch=true over real HTTP (k8s-semantics.md §8): starting points, resumption, selectors, bookmarks, errors.</summary>
public sealed class WatchTests
{
    private const string Ns = "/api/v1/namespaces/w/services";

    private static async Task<ApiServer> StartWithNamespaceAsync(IDictionary<string, string>? settings = null)
    {
        var server = ApiServer.Start(settings: settings);
        await server.CreateNamespaceAsync("w");
        return server;
    }

    [Theory]
    [InlineData("")]
    [InlineData("&resourceVersion=0")]
    public async Task Watch_starts_with_synthetic_ADDEDs_of_current_objects_then_live_events(string rv)
    {
        await using var server = await StartWithNamespaceAsync();
        var a = await server.CreateAsync(Ns, Manifests.Service("a"));
        var b = await server.CreateAsync(Ns, Manifests.Service("b"));
        await using var watch = await WatchStream.OpenAsync(server, Ns + "?watch=true" + rv);
        Assert.Equal(200, (int)watch.Response.StatusCode);
        Assert.Equal("application/json", watch.Response.Content.Headers.ContentType?.MediaType);

        var initial = await watch.TakeAsync(2);
        Assert.Equal(["ADDED a", "ADDED b"], initial.Select(e => e.Summary()));
        Assert.Equal([a.RvNumber(), b.RvNumber()], initial.Select(e => e.EventRv()));
        Assert.Equal("Service", (string?)initial[0].Object()["kind"]);
        Assert.Equal("v1", (string?)initial[0].Object()["apiVersion"]);

        var c = await server.CreateAsync(Ns, Manifests.Service("c"));
        var live = await watch.ExpectAsync();
        Assert.Equal("ADDED c", live.Summary());
        Assert.Equal(c.RvNumber(), live.EventRv());
    }

    [Theory]
    [InlineData("watch=1")]
    [InlineData("watch=")]
    [InlineData("watch=True")]
    public async Task Any_true_value_of_watch_opens_a_stream(string watchParam)
    {
        await using var server = await StartWithNamespaceAsync();
        await server.CreateAsync(Ns, Manifests.Service("a"));
        await using var watch = await WatchStream.OpenAsync(server, Ns + "?timeoutSeconds=1&" + watchParam);
        var events = await watch.ReadToEndAsync();
        Assert.Equal(["ADDED a"], events.Select(e => e.Summary()));
    }

    [Fact]
    public async Task Watch_from_a_resource_version_replays_exactly_the_later_changes_in_order()
    {
        await using var server = await StartWithNamespaceAsync();
        await server.CreateAsync(Ns, Manifests.Service("before"));
        var from = (await server.CreateAsync(Ns, Manifests.Service("a"))).RvNumber();
        var modified = await HttpAssert.Json(await server.PatchAsync(Ns + "/a", """{"metadata":{"labels":{"x":"1"}}}"""), 200);
        var b = await server.CreateAsync(Ns, Manifests.Service("b"));
        await HttpAssert.Json(await server.DeleteAsync(Ns + "/a"), 200);
        var deletedAt = server.Revision();

        await using var watch = await WatchStream.OpenAsync(server, $"{Ns}?watch=true&timeoutSeconds=2&resourceVersion={from}");
        var events = await watch.ReadToEndAsync();
        Assert.Equal(["MODIFIED a", "ADDED b", "DELETED a"], events.Select(e => e.Summary()));
        Assert.Equal([modified.RvNumber(), b.RvNumber(), deletedAt], events.Select(e => e.EventRv()));
    }

    [Fact]
    public async Task Replay_then_live_has_no_gap_and_no_duplicate()
    {
        await using var server = await StartWithNamespaceAsync();
        var from = (await server.CreateAsync(Ns, Manifests.Service("s0"))).RvNumber();
        for (var i = 1; i <= 5; i++)
        {
            await server.CreateAsync(Ns, Manifests.Service("s" + i));
        }
        await using var watch = await WatchStream.OpenAsync(server, $"{Ns}?watch=true&resourceVersion={from}");
        for (var i = 6; i <= 10; i++)
        {
            await server.CreateAsync(Ns, Manifests.Service("s" + i));
        }
        var events = await watch.TakeAsync(10);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => "ADDED s" + i), events.Select(e => e.Summary()));
        Assert.Equal(events.Select(e => e.EventRv()).Order(), events.Select(e => e.EventRv()));
        await Assert.ThrowsAsync<TimeoutException>(() => watch.NextAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task DELETED_carries_the_last_state_with_the_deletions_resource_version()
    {
        await using var server = await StartWithNamespaceAsync();
        var created = await server.CreateAsync(Ns, Manifests.Service("a", labels: """{"app":"web"}"""));
        await using var watch = await WatchStream.OpenAsync(server, $"{Ns}?watch=true&resourceVersion={created.RvNumber()}");
        await HttpAssert.Json(await server.DeleteAsync(Ns + "/a"), 200);
        var deleted = await watch.ExpectAsync();
        Assert.Equal("DELETED a", deleted.Summary());
        Assert.Equal(server.Revision(), deleted.EventRv());
        Assert.True(deleted.EventRv() > created.RvNumber());
        Assert.Equal("web", deleted.Object().Label("app"));
        Assert.Equal((string?)created["metadata"]!["uid"], (string?)deleted.Object()["metadata"]!["uid"]);
    }

    [Fact]
    public async Task Label_selector_sends_moving_in_as_ADDED_and_moving_out_as_DELETED_with_the_previous_state()
    {
        await using var server = await StartWithNamespaceAsync();
        await server.CreateAsync(Ns, Manifests.Service("a", labels: """{"tier":"backend"}"""));
        await using var watch = await WatchStream.OpenAsync(server, Ns + "?watch=true&labelSelector=tier%3Dfrontend");

        var movedIn = await HttpAssert.Json(await server.PatchAsync(Ns + "/a", """{"metadata":{"labels":{"tier":"frontend"}}}"""), 200);
        var added = await watch.ExpectAsync();
        Assert.Equal("ADDED a", added.Summary());
        Assert.Equal(movedIn.RvNumber(), added.EventRv());

        var stillIn = await HttpAssert.Json(await server.PatchAsync(Ns + "/a", """{"metadata":{"labels":{"x":"1"}}}"""), 200);
        var modified = await watch.ExpectAsync();
        Assert.Equal("MODIFIED a", modified.Summary());
        Assert.Equal(stillIn.RvNumber(), modified.EventRv());

        var movedOut = await HttpAssert.Json(await server.PatchAsync(Ns + "/a", """{"metadata":{"labels":{"tier":"backend"}}}"""), 200);
        var deleted = await watch.ExpectAsync();
        Assert.Equal("DELETED a", deleted.Summary());
        Assert.Equal(movedOut.RvNumber(), deleted.EventRv());
        Assert.Equal("frontend", deleted.Object().Label("tier"));
        Assert.Equal("1", deleted.Object().Label("x"));

        // Not matching before nor after: nothing at all.
        await server.PatchAsync(Ns + "/a", """{"metadata":{"labels":{"y":"2"}}}""");
        await Assert.ThrowsAsync<TimeoutException>(() => watch.NextAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task Field_selector_on_metadata_name_sees_only_that_object()
    {
        await using var server = await StartWithNamespaceAsync();
        await server.CreateAsync(Ns, Manifests.Service("other"));
        await using var watch = await WatchStream.OpenAsync(server, Ns + "?watch=true&fieldSelector=metadata.name%3Dmine");
        await server.CreateAsync(Ns, Manifests.Service("noise"));
        await server.CreateAsync(Ns, Manifests.Service("mine"));
        await server.DeleteAsync(Ns + "/other");
        await server.DeleteAsync(Ns + "/mine");
        var events = await watch.TakeAsync(2);
        Assert.Equal(["ADDED mine", "DELETED mine"], events.Select(e => e.Summary()));
        await Assert.ThrowsAsync<TimeoutException>(() => watch.NextAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task Namespaced_watch_sees_only_its_namespace_and_cluster_wide_sees_all()
    {
        await using var server = await StartWithNamespaceAsync();
        await server.CreateNamespaceAsync("other");
        var from = server.Revision();
        await using var inW = await WatchStream.OpenAsync(server, $"{Ns}?watch=true&resourceVersion={from}");
        await using var all = await WatchStream.OpenAsync(server, $"/api/v1/services?watch=true&resourceVersion={from}");
        await server.CreateAsync("/api/v1/namespaces/other/services", Manifests.Service("x"));
        await server.CreateAsync(Ns, Manifests.Service("y"));

        var everything = await all.TakeAsync(2);
        Assert.Equal(["ADDED x", "ADDED y"], everything.Select(e => e.Summary()));
        Assert.Equal(["other", "w"], everything.Select(e => (string)e.Object()["metadata"]!["namespace"]!));
        Assert.Equal("ADDED y", (await inW.ExpectAsync()).Summary());
        await Assert.ThrowsAsync<TimeoutException>(() => inW.NextAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task Bookmarks_carry_only_kind_apiVersion_and_resourceVersion()
    {
        await using var server = await StartWithNamespaceAsync(new Dictionary<string, string> { ["watch-bookmark-interval-seconds"] = "0.2" });
        var created = await server.CreateAsync(Ns, Manifests.Service("a"));
        await using var watch = await WatchStream.OpenAsync(server, $"{Ns}?watch=true&allowWatchBookmarks=true&resourceVersion={created.RvNumber()}");
        var bookmark = await watch.ExpectAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("BOOKMARK", bookmark.Type());
        var obj = bookmark.Object();
        Assert.Equal(["apiVersion", "kind", "metadata"], obj.Select(p => p.Key).Order());
        Assert.Equal("Service", (string?)obj["kind"]);
        Assert.Equal("v1", (string?)obj["apiVersion"]);
        Assert.Equal(["resourceVersion"], obj["metadata"]!.AsObject().Select(p => p.Key));
        Assert.True(bookmark.EventRv() >= created.RvNumber());
    }

    [Fact]
    public async Task A_bookmark_goes_out_two_seconds_before_timeoutSeconds_ends_the_watch()
    {
        // The periodic bookmark (a minute) would come long after the watch ends: only the pre-timeout one is sent.
        await using var server = await StartWithNamespaceAsync();
        var created = await server.CreateAsync(Ns, Manifests.Service("a"));
        var opened = System.Diagnostics.Stopwatch.StartNew();
        await using var watch = await WatchStream.OpenAsync(server, $"{Ns}?watch=true&allowWatchBookmarks=true&timeoutSeconds=3&resourceVersion={created.RvNumber()}");
        var events = await watch.ReadToEndAsync(TimeSpan.FromSeconds(10));
        var bookmark = Assert.Single(events);
        Assert.Equal("BOOKMARK", bookmark.Type());
        Assert.True(bookmark.EventRv() >= created.RvNumber());
        Assert.True(opened.Elapsed >= TimeSpan.FromSeconds(2.5), "the stream ends at timeoutSeconds, not at the bookmark");
    }

    [Fact]
    public async Task No_pre_timeout_bookmark_when_the_watch_is_shorter_than_two_seconds()
    {
        await using var server = await StartWithNamespaceAsync();
        await using var watch = await WatchStream.OpenAsync(server, $"{Ns}?watch=true&allowWatchBookmarks=true&timeoutSeconds=1&resourceVersion={server.Revision()}");
        Assert.Empty(await watch.ReadToEndAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task No_bookmarks_unless_allowed()
    {
        await using var server = await StartWithNamespaceAsync(new Dictionary<string, string> { ["watch-bookmark-interval-seconds"] = "0.2" });
        await using var watch = await WatchStream.OpenAsync(server, $"{Ns}?watch=true&timeoutSeconds=1");
        Assert.Empty(await watch.ReadToEndAsync());
    }

    [Fact]
    public async Task SendInitialEvents_sends_the_state_then_a_bookmark_marking_its_end()
    {
        await using var server = await StartWithNamespaceAsync();
        await server.CreateAsync(Ns, Manifests.Service("a"));
        await server.CreateAsync(Ns, Manifests.Service("b"));
        var revision = server.Revision();
        await using var watch = await WatchStream.OpenAsync(server,
            $"{Ns}?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true");
        var events = await watch.TakeAsync(3);
        Assert.Equal(["ADDED", "ADDED", "BOOKMARK"], events.Select(e => e.Type()));
        Assert.Equal(["a", "b"], events.Take(2).Select(e => e.Name()));
        var end = events[2].Object();
        Assert.Equal("true", (string?)end["metadata"]!["annotations"]!["k8s.io/initial-events-end"]);
        Assert.True(events[2].EventRv() >= revision);

        await server.CreateAsync(Ns, Manifests.Service("c"));
        Assert.Equal("ADDED c", (await watch.ExpectAsync()).Summary());
    }

    [Fact]
    public async Task ResourceVersionMatch_without_sendInitialEvents_is_rejected()
    {
        await using var server = await StartWithNamespaceAsync();
        await HttpAssert.Status(await server.GetAsync(Ns + "?watch=true&resourceVersionMatch=NotOlderThan"), 422, "Invalid",
            "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided");
    }

    [Fact]
    public async Task SendInitialEvents_without_NotOlderThan_is_rejected()
    {
        await using var server = await StartWithNamespaceAsync();
        await HttpAssert.Status(await server.GetAsync(Ns + "?watch=true&sendInitialEvents=true"), 422, "Invalid",
            "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan");
    }

    [Fact]
    public async Task Non_numeric_resource_version_is_a_bad_request()
    {
        await using var server = await StartWithNamespaceAsync();
        await HttpAssert.Status(await server.GetAsync(Ns + "?watch=true&resourceVersion=abc"), 400, "BadRequest");
    }

    [Fact]
    public async Task TimeoutSeconds_ends_the_stream_cleanly()
    {
        await using var server = await StartWithNamespaceAsync();
        await server.CreateAsync(Ns, Manifests.Service("a"));
        var started = DateTime.UtcNow;
        await using var watch = await WatchStream.OpenAsync(server, Ns + "?watch=true&timeoutSeconds=1");
        var events = await watch.ReadToEndAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(["ADDED a"], events.Select(e => e.Summary()));
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task List_then_watch_from_the_lists_version_sees_each_later_change_exactly_once()
    {
        await using var server = await StartWithNamespaceAsync();
        await server.CreateAsync(Ns, Manifests.Service("a"));
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < 30; i++)
            {
                await server.CreateAsync(Ns, Manifests.Service("s" + i));
            }
        });
        var list = await server.GetJsonAsync(Ns);
        var listed = list.Names().ToHashSet();
        await using var watch = await WatchStream.OpenAsync(server, $"{Ns}?watch=true&resourceVersion={list.Rv()}");
        await writer;
        var expected = Enumerable.Range(0, 30).Select(i => "s" + i).Where(n => !listed.Contains(n)).ToList();
        var events = await watch.TakeAsync(expected.Count);
        Assert.Equal(expected.Select(n => "ADDED " + n), events.Select(e => e.Summary()));
        await Assert.ThrowsAsync<TimeoutException>(() => watch.NextAsync(TimeSpan.FromMilliseconds(300)));
    }
}
