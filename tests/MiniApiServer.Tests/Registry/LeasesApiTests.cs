using System.Net;
using System.Text.Json.Nodes;
using MiniApiServer.Tests.Api;
using MiniApiServer.Tests.Api.Watch;
using static MiniApiServer.Tests.Registry.KindApi;

namespace MiniApiServer.Tests.Registry;

/// <summary>
/// coordination.k8s.io/v1 Leases over HTTP: the group's paths and apiVersion, create on PUT, no unconditional update,
/// upstream's validation messages and group-qualified errors, selectors, watch, and namespace deletion.
/// </summary>
public sealed class LeasesApiTests
{
    private const string Group = "/apis/coordination.k8s.io/v1";
    private const string Leases = Group + "/namespaces/default/leases";

    private static string Lease(string name, string spec = """{"holderIdentity":"a","leaseDurationSeconds":15}""", string metadataExtra = "") =>
        $$"""{"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{{{metadataExtra}}"name":"{{name}}"},"spec":{{spec}}}""";

    [Fact]
    public async Task A_lease_is_created_read_and_listed_under_its_group_version()
    {
        await using var server = ApiServer.Start();
        var created = await server.CreateAsync(Leases, Lease("l1"));
        Assert.Equal(("coordination.k8s.io/v1", "Lease", "default"), (Str(created["apiVersion"]), Str(created["kind"]), Str(created["metadata"]!["namespace"])));
        Assert.Equal(("a", 15), (Str(created["spec"]!["holderIdentity"]), (int)created["spec"]!["leaseDurationSeconds"]!));
        Assert.Equal(created.ToJsonString(), (await server.GetJsonAsync(Leases + "/l1")).ToJsonString());

        await server.CreateNamespaceAsync("other");
        await server.CreateAsync(Group + "/namespaces/other/leases", Lease("l2"));
        var all = await server.GetJsonAsync(Group + "/leases");
        Assert.Equal(("LeaseList", "coordination.k8s.io/v1"), (Str(all["kind"]), Str(all["apiVersion"])));
        Assert.Equal(["default/l1", "other/l2"], all["items"]!.AsArray().Select(i => $"{i!["metadata"]!["namespace"]}/{i["metadata"]!["name"]}"));
        // Items of a list carry no apiVersion and kind, as upstream lists print them.
        Assert.All(all["items"]!.AsArray(), i => Assert.Null(i!["apiVersion"]));
        Assert.Equal(["l1"], (await server.GetJsonAsync(Leases))["items"]!.AsArray().Select(i => Str(i!["metadata"]!["name"])));
    }

    [Fact]
    public async Task Renew_times_are_micro_times_with_six_fractional_digits()
    {
        await using var server = ApiServer.Start();
        var created = await server.CreateAsync(Leases, Lease("l1", """{"acquireTime":"2026-01-02T03:04:05Z","renewTime":"2026-01-02T03:04:05.123456Z"}"""));
        Assert.Equal("2026-01-02T03:04:05.000000Z", Str(created["spec"]!["acquireTime"]));
        Assert.Equal("2026-01-02T03:04:05.123456Z", Str(created["spec"]!["renewTime"]));
    }

    [Fact]
    public async Task Put_to_a_missing_name_creates_the_lease()
    {
        await using var server = ApiServer.Start();
        var created = await HttpAssert.Json(await server.PutAsync(Leases + "/l1", Lease("l1")), 201);
        Assert.Equal("a", Str(created["spec"]!["holderIdentity"]));
    }

    [Fact]
    public async Task An_update_without_a_resource_version_is_refused_because_leases_never_update_unconditionally()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Leases, Lease("l1"));
        var status = await HttpAssert.Status(await server.PutAsync(Leases + "/l1", Lease("l1", """{"holderIdentity":"b"}""")), 422, "Invalid",
            "leases.coordination.k8s.io \"l1\" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update");
        Assert.Equal(("coordination.k8s.io", "leases", "l1"), (Str(status["details"]!["group"]), Str(status["details"]!["kind"]), Str(status["details"]!["name"])));
        Assert.Equal("a", Str((await server.GetJsonAsync(Leases + "/l1"))["spec"]!["holderIdentity"]));
    }

    [Fact]
    public async Task An_update_with_the_current_version_takes_and_a_stale_one_is_a_group_qualified_conflict()
    {
        await using var server = ApiServer.Start();
        var created = await server.CreateAsync(Leases, Lease("l1"));
        var rv = Str(created["metadata"]!["resourceVersion"])!;
        var renewed = await HttpAssert.Json(await server.PutAsync(Leases + "/l1",
            Lease("l1", """{"holderIdentity":"b","leaseTransitions":1}""", $"\"resourceVersion\":\"{rv}\",")), 200);
        Assert.Equal(("b", 1), (Str(renewed["spec"]!["holderIdentity"]), (int)renewed["spec"]!["leaseTransitions"]!));
        await HttpAssert.Status(await server.PutAsync(Leases + "/l1", Lease("l1", """{"holderIdentity":"c"}""", $"\"resourceVersion\":\"{rv}\",")), 409, "Conflict",
            "Operation cannot be fulfilled on leases.coordination.k8s.io \"l1\": the object has been modified; please apply your changes to the latest version and try again");
    }

    [Fact]
    public async Task A_merge_patch_applies_to_the_current_version()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Leases, Lease("l1"));
        var patched = await HttpAssert.Json(await server.PatchAsync(Leases + "/l1", """{"spec":{"holderIdentity":"b"}}"""), 200);
        Assert.Equal(("b", 15), (Str(patched["spec"]!["holderIdentity"]), (int)patched["spec"]!["leaseDurationSeconds"]!));
    }

    [Theory]
    [InlineData("""{"leaseDurationSeconds":0}""", "spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0")]
    [InlineData("""{"leaseTransitions":-1}""", "spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0")]
    [InlineData("""{"strategy":"Newest"}""", "spec.strategy.strategy: Unsupported value: \"Newest\": supported values: \"OldestEmulationVersion\"")]
    [InlineData("""{"preferredHolder":"b"}""", "spec.preferredHolder: Forbidden: may only be specified if `strategy` is defined")]
    public async Task Invalid_specs_are_422_in_upstream_words(string spec, string message)
    {
        await using var server = ApiServer.Start();
        var status = await HttpAssert.Status(await server.PostAsync(Leases, Lease("l1", spec)), 422, "Invalid", $"Lease.coordination.k8s.io \"l1\" is invalid: {message}");
        Assert.Equal(("coordination.k8s.io", "Lease"), (Str(status["details"]!["group"]), Str(status["details"]!["kind"])));
        Assert.Equal(404, await StatusOf(server, Leases + "/l1"));
    }

    [Fact]
    public async Task A_qualified_strategy_and_a_preferred_holder_with_it_are_valid()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Leases, Lease("l1", """{"strategy":"example.com/mine","preferredHolder":"b"}"""));
    }

    [Fact]
    public async Task Names_must_be_dns_subdomains()
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Status(await server.PostAsync(Leases, Lease("Bad_Name")), 422, "Invalid",
            "Lease.coordination.k8s.io \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
    }

    [Fact]
    public async Task Missing_leases_and_namespaces_are_404s_naming_the_group()
    {
        await using var server = ApiServer.Start();
        var status = await HttpAssert.Status(await server.GetAsync(Leases + "/nope"), 404, "NotFound", "leases.coordination.k8s.io \"nope\" not found");
        Assert.Equal(("coordination.k8s.io", "leases"), (Str(status["details"]!["group"]), Str(status["details"]!["kind"])));
        await HttpAssert.Status(await server.PostAsync(Group + "/namespaces/absent/leases", Lease("l1")), 404, "NotFound", "namespaces \"absent\" not found");
    }

    [Fact]
    public async Task A_body_of_another_kind_or_version_is_400()
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Status(await server.PostAsync(Leases, """{"apiVersion":"v1","kind":"Service","metadata":{"name":"l1"}}"""), 400, "BadRequest",
            "Service in version \"v1\" cannot be handled as a Lease: converting (v1.Service) to (coordination.Lease): unknown conversion");
        await HttpAssert.Status(await server.PostAsync(Leases, """{"apiVersion":"coordination.k8s.io/v2","kind":"Lease","metadata":{"name":"l1"}}"""), 400, "BadRequest",
            "Lease in version \"v2\" cannot be handled as a Lease: no kind \"Lease\" is registered for version \"coordination.k8s.io/v2\" in scheme \"pkg/api/legacyscheme/scheme.go:30\"");
    }

    [Fact]
    public async Task Only_name_and_namespace_are_field_selectors()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Leases, Lease("l1"));
        await server.CreateAsync(Leases, Lease("l2"));
        var one = await server.GetJsonAsync(Group + "/leases?fieldSelector=metadata.name%3Dl2,metadata.namespace%3Ddefault");
        Assert.Equal(["l2"], one["items"]!.AsArray().Select(i => Str(i!["metadata"]!["name"])));
        await HttpAssert.Status(await server.GetAsync(Leases + "?fieldSelector=spec.holderIdentity%3Da"), 400, "BadRequest",
            "\"spec.holderIdentity\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"");
    }

    [Fact]
    public async Task Delete_answers_the_last_state_and_deletecollection_the_deleted_list()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Leases, Lease("l1"));
        await server.CreateAsync(Leases, Lease("l2", metadataExtra: "\"labels\":{\"app\":\"x\"},"));
        var deleted = await HttpAssert.Json(await server.DeleteAsync(Leases + "/l1"), 200);
        Assert.Equal(("Lease", "l1"), (Str(deleted["kind"]), Str(deleted["metadata"]!["name"])));
        var collection = await HttpAssert.Json(await server.DeleteAsync(Leases + "?labelSelector=app%3Dx"), 200);
        Assert.Equal(("LeaseList", "coordination.k8s.io/v1"), (Str(collection["kind"]), Str(collection["apiVersion"])));
        Assert.Equal(["l2"], collection["items"]!.AsArray().Select(i => Str(i!["metadata"]!["name"])));
        Assert.Empty((await server.GetJsonAsync(Leases))["items"]!.AsArray());
    }

    [Fact]
    public async Task A_watch_sees_renewals_and_the_deletion_with_the_group_version()
    {
        await using var server = ApiServer.Start();
        await using var watch = await WatchStream.OpenAsync(server, Leases + "?watch=true&allowWatchBookmarks=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&resourceVersion=0");
        Assert.Equal(HttpStatusCode.OK, watch.Response.StatusCode);
        var bookmark = (await watch.NextAsync())!;
        Assert.Equal(("BOOKMARK", "Lease", "coordination.k8s.io/v1"), (Str(bookmark["type"]), Str(bookmark["object"]!["kind"]), Str(bookmark["object"]!["apiVersion"])));
        Assert.Equal("true", Str(bookmark["object"]!["metadata"]!["annotations"]!["k8s.io/initial-events-end"]));

        await server.CreateAsync(Leases, Lease("l1"));
        await server.PatchAsync(Leases + "/l1", """{"spec":{"renewTime":"2026-01-02T03:04:05.000001Z"}}""");
        await server.DeleteAsync(Leases + "/l1");
        var events = new List<JsonObject>();
        for (var i = 0; i < 3; i++)
        {
            events.Add((await watch.NextAsync())!);
        }
        Assert.Equal(["ADDED", "MODIFIED", "DELETED"], events.Select(e => Str(e["type"])));
        Assert.All(events, e => Assert.Equal("coordination.k8s.io/v1", Str(e["object"]!["apiVersion"])));
        Assert.Equal("2026-01-02T03:04:05.000001Z", Str(events[1]["object"]!["spec"]!["renewTime"]));
    }

    [Fact]
    public async Task Deleting_a_namespace_deletes_its_leases()
    {
        await using var server = ApiServer.Start();
        await server.CreateNamespaceAsync("doomed");
        await server.CreateAsync(Group + "/namespaces/doomed/leases", Lease("l1"));
        await HttpAssert.Json(await server.DeleteAsync(Api.ApiTestKit.Namespaces + "/doomed"), 200);
        await Eventually(async () => await StatusOf(server, Api.ApiTestKit.Namespaces + "/doomed") == 404, TimeSpan.FromSeconds(20), "the namespace to go");
        Assert.Equal(404, await StatusOf(server, Group + "/namespaces/doomed/leases/l1"));
    }
}
