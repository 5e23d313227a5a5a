using System.Globalization;
using static MiniApiServer.Tests.Api.ApiTestKit;

namespace MiniApiServer.Tests.Api;

/// <summary>One resourceVersion counter across all kinds, and LIST at a resourceVersion (k8s-semantics.md §1.3, §2.2).</summary>
public sealed class ResourceVersionTests
{
    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task One_counter_across_kinds_strictly_increasing()
    {
        // Only this test's writes: no controller writing Endpoints for the Service meanwhile.
        await using var server = ApiServer.Start(settings: new Dictionary<string, string> { ["controllers"] = "namespace" });
        var versions = new List<long>
        {
            (await server.CreateAsync(Services, Manifests.Service("web"))).RvNumber(),
            (await server.CreateAsync(Pods, Manifests.Pod("p"))).RvNumber(),
            (await server.CreateAsync(EndpointsPath, Manifests.Endpoints("web"))).RvNumber(),
            (await server.CreateAsync(Namespaces, Manifests.Namespace("team"))).RvNumber(),
            (await HttpAssert.Json(await server.PatchAsync(Services + "/web", """{"metadata":{"labels":{"a":"1"}}}"""), 200)).RvNumber(),
        };
        for (var i = 1; i < versions.Count; i++)
        {
            Assert.Equal(versions[i - 1] + 1, versions[i]);
        }
        Assert.Equal(versions[^1], server.Revision());
    }

    [Fact]
    public async Task Every_real_write_consumes_one_version()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Pods, Manifests.Pod("p", nodeName: "n1"));
        var revision = server.Revision();

        var status = await HttpAssert.Json(await server.PatchAsync(Pods + "/p/status", """{"status":{"phase":"Running"}}"""), 200);
        Assert.Equal(revision + 1, status.RvNumber());

        // A scheduled, running pod is first marked for graceful deletion (one write) ...
        var marked = await HttpAssert.Json(await server.DeleteAsync(Pods + "/p"), 200);
        Assert.NotNull(marked["metadata"]!["deletionTimestamp"]);
        Assert.Equal(revision + 2, marked.RvNumber());
        Assert.Equal(revision + 2, server.Revision());

        // ... then a second DELETE with grace 0 shortens the grace period (a write) and removes it (another),
        // as store.go updateForGracefulDeletionAndFinalizers followed by the final delete.
        await HttpAssert.Json(await server.DeleteAsync(Pods + "/p?gracePeriodSeconds=0"), 200);
        Assert.Equal(revision + 4, server.Revision());
        await HttpAssert.Status(await server.GetAsync(Pods + "/p"), 404, "NotFound");

        await server.CreateAsync(Services, Manifests.Service("web"));
        await HttpAssert.Json(await server.DeleteAsync(Services + "/web"), 200);
        Assert.Equal(revision + 6, server.Revision());
    }

    [Fact]
    public async Task Failed_writes_consume_no_version()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Services, Manifests.Service("web"));
        var revision = server.Revision();
        await HttpAssert.Status(await server.PostAsync(Services, Manifests.Service("web")), 409, "AlreadyExists");
        await HttpAssert.Status(await server.PatchAsync(Services + "/web", """{"spec":{"ports":[]}}"""), 422, "Invalid");
        await HttpAssert.Status(await server.DeleteAsync(Services + "/nope"), 404, "NotFound");
        var next = await server.CreateAsync(Services, Manifests.Service("next"));
        Assert.Equal(revision + 1, next.RvNumber());
    }

    [Fact]
    public async Task Deleted_versions_are_never_reused()
    {
        await using var server = ApiServer.Start();
        var first = await server.CreateAsync(Services, Manifests.Service("web"));
        await HttpAssert.Json(await server.DeleteAsync(Services + "/web"), 200);
        var again = await server.CreateAsync(Services, Manifests.Service("web"));
        Assert.Equal(first.RvNumber() + 2, again.RvNumber());
    }

    [Fact]
    public async Task List_at_an_exact_old_version_shows_that_state()
    {
        await using var server = ApiServer.Start();
        var a = await server.CreateAsync(Services, Manifests.Service("a"));
        await server.CreateAsync(Services, Manifests.Service("b"));
        await HttpAssert.Json(await server.PatchAsync(Services + "/a", """{"metadata":{"labels":{"x":"1"}}}"""), 200);

        var old = await server.GetJsonAsync($"{Services}?resourceVersion={a.Rv()}&resourceVersionMatch=Exact");
        Assert.Equal(["a", "kubernetes"], old.Names());
        Assert.Equal(a.Rv(), (string?)old["metadata"]!["resourceVersion"]);
        Assert.Null(((System.Text.Json.Nodes.JsonObject)old["items"]![0]!).Label("x"));

        // The legacy form: a resourceVersion with a limit is exact too.
        var legacy = await server.GetJsonAsync($"{Services}?resourceVersion={a.Rv()}&limit=10");
        Assert.Equal(["a", "kubernetes"], legacy.Names());
        Assert.Equal(a.Rv(), (string?)legacy["metadata"]!["resourceVersion"]);
    }

    [Fact]
    public async Task List_not_older_than_an_old_version_shows_the_current_state()
    {
        await using var server = ApiServer.Start();
        var a = await server.CreateAsync(Services, Manifests.Service("a"));
        await server.CreateAsync(Services, Manifests.Service("b"));
        var list = await server.GetJsonAsync($"{Services}?resourceVersion={a.Rv()}&resourceVersionMatch=NotOlderThan");
        Assert.Equal(["a", "b", "kubernetes"], list.Names());
        Assert.Equal(Text(server.Revision()), (string?)list["metadata"]!["resourceVersion"]);
        Assert.Equal(["a", "b", "kubernetes"], (await server.GetJsonAsync($"{Services}?resourceVersion={a.Rv()}")).Names());
        Assert.Equal(["a", "b", "kubernetes"], (await server.GetJsonAsync($"{Services}?resourceVersion=0&resourceVersionMatch=NotOlderThan")).Names());
    }

    [Fact]
    public async Task Pages_of_an_exact_list_stay_at_that_version()
    {
        await using var server = ApiServer.Start();
        var a = await server.CreateAsync(Services, Manifests.Service("a"));
        await server.CreateAsync(Services, Manifests.Service("b"));
        var first = await server.GetJsonAsync($"{Services}?resourceVersion={a.Rv()}&resourceVersionMatch=Exact&limit=1");
        Assert.Equal(["a"], first.Names());
        var token = (string)first["metadata"]!["continue"]!;
        var second = await server.GetJsonAsync($"{Services}?limit=1&continue={Uri.EscapeDataString(token)}");
        Assert.Equal(["kubernetes"], second.Names());
        Assert.Null(second["metadata"]!["continue"]);
        Assert.Equal(a.Rv(), (string?)second["metadata"]!["resourceVersion"]);
    }

    [Theory]
    [InlineData("resourceVersionMatch=NotOlderThan",
        "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided")]
    [InlineData("resourceVersionMatch=Exact",
        "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided")]
    [InlineData("resourceVersionMatch=Exact&resourceVersion=0",
        "resourceVersionMatch: Forbidden: resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\"")]
    [InlineData("resourceVersionMatch=Bogus&resourceVersion=1",
        "resourceVersionMatch: Unsupported value: \"Bogus\": supported values: \"Exact\", \"NotOlderThan\", \"\"")]
    [InlineData("resourceVersionMatch=NotOlderThan&resourceVersion=0&continue=abc",
        "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden when continue is provided")]
    [InlineData("sendInitialEvents=true",
        "sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list")]
    [InlineData("sendInitialEvents=false&resourceVersionMatch=NotOlderThan&resourceVersion=0",
        "sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list")]
    public async Task List_option_rules_are_422(string query, string error)
    {
        await using var server = ApiServer.Start();
        var status = await HttpAssert.Status(await server.GetAsync(Services + "?" + query), 422, "Invalid", "ListOptions.meta.k8s.io \"\" is invalid: " + error);
        Assert.Equal("ListOptions", (string?)status["details"]!["kind"]);
        Assert.Equal("meta.k8s.io", (string?)status["details"]!["group"]);
        Assert.Equal(error[..error.IndexOf(':')], (string?)status["details"]!["causes"]![0]!["field"]);
    }

    [Fact]
    public async Task ResourceVersion_ahead_of_the_store_times_out_with_504()
    {
        await using var server = ApiServer.Start();
        var current = server.Revision();
        var response = await server.GetAsync($"{Services}?resourceVersion={current + 100}");
        var status = await HttpAssert.Status(response, 504, "Timeout", $"Timeout: Too large resource version: {current + 100}, current: {current}");
        Assert.Equal(1, (int?)status["details"]!["retryAfterSeconds"]);
        Assert.Equal("ResourceVersionTooLarge", (string?)status["details"]!["causes"]![0]!["reason"]);
        Assert.Equal("1", response.Headers.GetValues("Retry-After").Single());
    }

    [Fact]
    public async Task Endpoints_responses_carry_the_deprecation_warning()
    {
        await using var server = ApiServer.Start();
        const string warning = "299 - \"v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\"";
        var create = await server.PostAsync(EndpointsPath, Manifests.Endpoints("web"));
        Assert.Equal([warning], create.Warnings());
        Assert.Equal([warning], (await server.GetAsync(EndpointsPath + "/web")).Warnings());
        Assert.Equal([warning], (await server.GetAsync(EndpointsPath)).Warnings());
        Assert.Equal([warning], (await server.GetAsync("/api/v1/endpoints")).Warnings());
        Assert.Equal([warning], (await server.PatchAsync(EndpointsPath + "/web", """{"metadata":{"labels":{"a":"1"}}}""")).Warnings());
        Assert.Equal([warning], (await server.DeleteAsync(EndpointsPath + "/web")).Warnings());
        Assert.Empty((await server.GetAsync(Services)).Warnings());
    }
}
