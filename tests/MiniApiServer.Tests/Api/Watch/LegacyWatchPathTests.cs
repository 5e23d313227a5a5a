using static MiniApiServer.Tests.Api.ApiTestKit;

namespace MiniApiServer.Tests.Api.Watch;

/// <summary>
/// The legacy <c>/watch/</c> paths (k8s-semantics.md §8.1), deprecated upstream but served: a watch with no
/// <c>watch</c> parameter, of one object when the path names it.
/// </summary>
public sealed class LegacyWatchPathTests
{
    private static async Task<ApiServer> StartWithNamespaceAsync()
    {
        var server = ApiServer.Start();
        await server.CreateNamespaceAsync("w");
        return server;
    }

    [Fact]
    public async Task A_namespaced_collection_is_watched_from_its_current_state()
    {
        await using var server = await StartWithNamespaceAsync();
        await server.CreateAsync("/api/v1/namespaces/w/services", Manifests.Service("a"));
        await using var watch = await WatchStream.OpenAsync(server, "/api/v1/watch/namespaces/w/services?timeoutSeconds=30");
        Assert.Equal("ADDED a", (await watch.ExpectAsync()).Summary());
        await server.CreateAsync("/api/v1/namespaces/w/services", Manifests.Service("b"));
        Assert.Equal("ADDED b", (await watch.ExpectAsync()).Summary());
    }

    [Fact]
    public async Task A_named_path_watches_that_object_alone()
    {
        await using var server = await StartWithNamespaceAsync();
        var a = await server.CreateAsync("/api/v1/namespaces/w/services", Manifests.Service("a"));
        await using var watch = await WatchStream.OpenAsync(server, $"/api/v1/watch/namespaces/w/services/a?resourceVersion={a.RvNumber()}&timeoutSeconds=30");
        await server.CreateAsync("/api/v1/namespaces/w/services", Manifests.Service("b"));
        await HttpAssert.Json(await server.DeleteAsync("/api/v1/namespaces/w/services/a"), 200);
        Assert.Equal("DELETED a", (await watch.ExpectAsync()).Summary());
    }

    [Fact]
    public async Task All_namespaces_and_cluster_scoped_kinds_have_their_paths()
    {
        await using var server = await StartWithNamespaceAsync();
        await server.CreateAsync("/api/v1/namespaces/w/services", Manifests.Service("a"));
        await using (var all = await WatchStream.OpenAsync(server, "/api/v1/watch/services?labelSelector=&timeoutSeconds=30"))
        {
            var names = (await all.TakeAsync(2)).Select(e => e.Summary()).Order();
            Assert.Equal(["ADDED a", "ADDED kubernetes"], names);
        }
        await using var ns = await WatchStream.OpenAsync(server, "/api/v1/watch/namespaces/w?timeoutSeconds=30");
        Assert.Equal("ADDED w", (await ns.ExpectAsync()).Summary());
        await Assert.ThrowsAsync<TimeoutException>(() => ns.NextAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task Group_kinds_have_them_too()
    {
        await using var server = await StartWithNamespaceAsync();
        await server.CreateAsync("/apis/coordination.k8s.io/v1/namespaces/w/leases", """{"metadata":{"name":"l"},"spec":{}}""");
        await using var watch = await WatchStream.OpenAsync(server, "/apis/coordination.k8s.io/v1/watch/namespaces/w/leases/l?timeoutSeconds=30");
        Assert.Equal("ADDED l", (await watch.ExpectAsync()).Summary());
    }

    [Fact]
    public async Task A_field_selector_must_select_the_named_object()
    {
        await using var server = await StartWithNamespaceAsync();
        await HttpAssert.Status(await server.GetAsync("/api/v1/watch/namespaces/w/services/a?fieldSelector=metadata.name%3Db"), 400, "BadRequest",
            "fieldSelector metadata.name doesn't match requested name");
        await HttpAssert.Status(await server.GetAsync("/api/v1/watch/namespaces/w/services/a?fieldSelector=spec.clusterIP%3DNone"), 400, "BadRequest",
            "fieldSelector metadata.name doesn't match requested name");
        await server.CreateAsync("/api/v1/namespaces/w/services", Manifests.Service("a"));
        await using var watch = await WatchStream.OpenAsync(server, "/api/v1/watch/namespaces/w/services/a?fieldSelector=metadata.name%3Da&timeoutSeconds=30");
        Assert.Equal("ADDED a", (await watch.ExpectAsync()).Summary());
    }
}
