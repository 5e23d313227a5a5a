using System.Text.Json.Nodes;
using static MiniApiServer.Tests.Api.ApiTestKit;

namespace MiniApiServer.Tests.Api;

/// <summary>limit/continue paging over a consistent snapshot (k8s-semantics.md §1.4).</summary>
public sealed class PagingTests
{
    private const string Collection = "/api/v1/namespaces/paging/services";

    private static async Task<ApiServer> WithServicesAsync(params string[] names)
    {
        var server = ApiServer.Start();
        await server.CreateNamespaceAsync("paging");
        foreach (var name in names)
        {
            await server.CreateAsync(Collection, Manifests.Service(name, """{"app":"web"}"""));
        }
        return server;
    }

    private static string? Continue(JsonObject list) => (string?)list["metadata"]!["continue"];

    private static string Page(string token, int limit = 2) => $"{Collection}?limit={limit}&continue={Uri.EscapeDataString(token)}";

    [Fact]
    public async Task Pages_follow_continue_tokens_with_remaining_counts()
    {
        await using var server = await WithServicesAsync("s1", "s2", "s3", "s4", "s5");
        var first = await server.GetJsonAsync(Collection + "?limit=2");
        Assert.Equal(["s1", "s2"], first.Names());
        Assert.Equal(3, (long?)first["metadata"]!["remainingItemCount"]);
        var second = await server.GetJsonAsync(Page(Continue(first)!));
        Assert.Equal(["s3", "s4"], second.Names());
        Assert.Equal(1, (long?)second["metadata"]!["remainingItemCount"]);
        var third = await server.GetJsonAsync(Page(Continue(second)!));
        Assert.Equal(["s5"], third.Names());
        Assert.Null(Continue(third));
        Assert.Null(third["metadata"]!["remainingItemCount"]);
    }

    [Fact]
    public async Task Limit_beyond_the_items_gives_one_page_without_continue()
    {
        await using var server = await WithServicesAsync("s1", "s2");
        var list = await server.GetJsonAsync(Collection + "?limit=2");
        Assert.Equal(["s1", "s2"], list.Names());
        Assert.Null(Continue(list));
        Assert.Null(list["metadata"]!["remainingItemCount"]);
    }

    [Fact]
    public async Task Limit_zero_means_no_limit()
    {
        await using var server = await WithServicesAsync("s1", "s2", "s3");
        var list = await server.GetJsonAsync(Collection + "?limit=0");
        Assert.Equal(3, list.Names().Count);
        Assert.Null(Continue(list));
    }

    [Fact]
    public async Task Later_pages_show_the_first_pages_snapshot_while_objects_change()
    {
        await using var server = await WithServicesAsync("s1", "s2", "s3", "s4", "s5");
        var first = await server.GetJsonAsync(Collection + "?limit=2");
        var snapshotRv = (string?)first["metadata"]!["resourceVersion"];
        var s4Before = await server.GetJsonAsync(Collection + "/s4");

        await server.CreateAsync(Collection, Manifests.Service("s0"));
        await server.CreateAsync(Collection, Manifests.Service("s35"));
        await server.CreateAsync(Collection, Manifests.Service("s6"));
        await HttpAssert.Json(await server.DeleteAsync(Collection + "/s3"), 200);
        await HttpAssert.Json(await server.PatchAsync(Collection + "/s4", """{"metadata":{"labels":{"changed":"yes"}}}"""), 200);

        var second = await server.GetJsonAsync(Page(Continue(first)!));
        Assert.Equal(["s3", "s4"], second.Names());
        Assert.Equal(snapshotRv, (string?)second["metadata"]!["resourceVersion"]);
        var s4 = second["items"]![1]!.AsObject();
        Assert.Equal(s4Before.Rv(), s4.Rv());
        Assert.Null(s4.Label("changed"));
        var third = await server.GetJsonAsync(Page(Continue(second)!));
        Assert.Equal(["s5"], third.Names());
        Assert.Equal(snapshotRv, (string?)third["metadata"]!["resourceVersion"]);

        var fresh = await server.GetJsonAsync(Collection);
        Assert.Equal(["s0", "s1", "s2", "s35", "s4", "s5", "s6"], fresh.Names());
        Assert.NotEqual(snapshotRv, (string?)fresh["metadata"]!["resourceVersion"]);
    }

    [Fact]
    public async Task Selector_pages_fill_with_matches_and_carry_no_remaining_count()
    {
        await using var server = await WithServicesAsync("s1", "s2", "s3", "s4");
        await HttpAssert.Json(await server.PatchAsync(Collection + "/s1", """{"metadata":{"labels":{"app":"db"}}}"""), 200);
        var first = await server.GetJsonAsync(Collection + "?limit=2&labelSelector=app%3Dweb");
        // Like the watch cache, a page is filled with matches; clients must still accept short pages.
        Assert.Equal(["s2", "s3"], first.Names());
        Assert.NotNull(Continue(first));
        Assert.Null(first["metadata"]!["remainingItemCount"]);
        var second = await server.GetJsonAsync($"{Collection}?limit=2&labelSelector=app%3Dweb&continue={Uri.EscapeDataString(Continue(first)!)}");
        Assert.Equal(["s4"], second.Names());
        Assert.Null(Continue(second));
    }

    [Fact]
    public async Task Cluster_wide_lists_page_across_namespaces()
    {
        await using var server = await WithServicesAsync("s1");
        await server.CreateAsync(Services, Manifests.Service("web"));
        var names = new List<string>();
        var page = await server.GetJsonAsync("/api/v1/services?limit=1");
        names.AddRange(page.Names());
        while (Continue(page) is { } token)
        {
            page = await server.GetJsonAsync("/api/v1/services?limit=1&continue=" + Uri.EscapeDataString(token));
            names.AddRange(page.Names());
        }
        Assert.Equal(["kubernetes", "web", "s1"], names);
    }

    [Fact]
    public async Task Garbled_continue_token_is_400()
    {
        await using var server = ApiServer.Start();
        var status = await HttpAssert.Status(await server.GetAsync(Services + "?limit=1&continue=not-a-token!"), 400, "BadRequest");
        Assert.StartsWith("invalid continue token: continue key is not valid", (string?)status["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Continue_token_of_the_wrong_shape_is_400()
    {
        await using var server = ApiServer.Start();
        var token = Convert.ToBase64String("""{"v":"meta.k8s.io/v1","rv":0,"start":"x"}"""u8.ToArray()).TrimEnd('=');
        var status = await HttpAssert.Status(await server.GetAsync(Services + "?limit=1&continue=" + Uri.EscapeDataString(token)), 400, "BadRequest");
        Assert.StartsWith("invalid continue token: continue key is not valid", (string?)status["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Continue_with_a_resourceVersion_is_400()
    {
        await using var server = await WithServicesAsync("s1", "s2");
        var first = await server.GetJsonAsync(Collection + "?limit=1");
        var rv = (string?)first["metadata"]!["resourceVersion"];
        await HttpAssert.Status(await server.GetAsync($"{Page(Continue(first)!, 1)}&resourceVersion={rv}"), 400, "BadRequest",
            "specifying resource version is not allowed when using continue");
        // "0" (and empty) are allowed next to continue.
        Assert.Equal(["s2"], (await server.GetJsonAsync($"{Page(Continue(first)!, 1)}&resourceVersion=0")).Names());
    }

    [Fact]
    public async Task Undecodable_limit_is_400()
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Status(await server.GetAsync(Services + "?limit=abc"), 400, "BadRequest");
    }
}
