using System.Text.Json.Nodes;
using static MiniApiServer.Tests.Registry.KindApi;

namespace MiniApiServer.Tests.Api;

/// <summary>Discovery, version and health endpoints as kubectl reads them (k8s-semantics.md §10.5).</summary>
public sealed class DiscoveryTests
{
    private const string AggregatedAccept =
        "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";

    [Fact]
    public async Task Api_lists_the_core_version()
    {
        await using var server = ApiServer.Start();
        var versions = await server.GetJsonAsync("/api");
        Assert.Equal("APIVersions", (string?)versions["kind"]);
        Assert.Equal(["v1"], versions["versions"]!.AsArray().Select(v => (string)v!).ToList());
        Assert.NotEmpty(versions["serverAddressByClientCIDRs"]!.AsArray());
    }

    [Fact]
    public async Task Apis_lists_the_served_groups_in_priority_order()
    {
        await using var server = ApiServer.Start();
        var groups = await server.GetJsonAsync("/apis");
        Assert.Equal("APIGroupList", (string?)groups["kind"]);
        Assert.Equal("v1", (string?)groups["apiVersion"]);
        Assert.Equal(["events.k8s.io", "networking.k8s.io", "coordination.k8s.io", "discovery.k8s.io"], groups["groups"]!.AsArray().Select(g => (string)g!["name"]!));
    }

    [Fact]
    public async Task Api_serves_aggregated_discovery_when_asked()
    {
        await using var server = ApiServer.Start();
        var response = await server.SendAsync(HttpMethod.Get, "/api", null, "application/json", AggregatedAccept);
        var list = await HttpAssert.Json(response, 200);
        Assert.Equal("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList", response.Content.Headers.ContentType!.ToString().Replace(" ", "", StringComparison.Ordinal));
        Assert.Equal("APIGroupDiscoveryList", (string?)list["kind"]);
        Assert.Equal("apidiscovery.k8s.io/v2", (string?)list["apiVersion"]);
        var version = list["items"]![0]!["versions"]![0]!;
        Assert.Equal("v1", (string?)version["version"]);
        var resources = version["resources"]!.AsArray().ToDictionary(r => (string)r!["resource"]!, r => r!.AsObject());
        Assert.Equal(["bindings", "endpoints", "events", "namespaces", "nodes", "pods", "services"], resources.Keys.Order(StringComparer.Ordinal).ToList());
        Assert.Equal("Cluster", (string?)resources["namespaces"]["scope"]);
        Assert.Equal("Cluster", (string?)resources["nodes"]["scope"]);
        Assert.Equal("Namespaced", (string?)resources["pods"]["scope"]);
        Assert.Equal("Pod", (string?)resources["pods"]["responseKind"]!["kind"]);
        var subresources = resources["pods"]["subresources"]!.AsArray().ToDictionary(s => (string)s!["subresource"]!, s => s!);
        Assert.Equal(["binding", "status"], subresources.Keys);
        Assert.Equal("Binding", (string?)subresources["binding"]["responseKind"]!["kind"]);
        Assert.Equal(["create"], subresources["binding"]["verbs"]!.AsArray().Select(v => (string)v!));
        Assert.Equal("Pod", (string?)subresources["status"]["responseKind"]!["kind"]);
        Assert.Equal(("Namespaced", "binding", "Binding"), ((string?)resources["bindings"]["scope"], (string?)resources["bindings"]["singularResource"], (string?)resources["bindings"]["responseKind"]!["kind"]));
        Assert.Equal(["create"], resources["bindings"]["verbs"]!.AsArray().Select(v => (string)v!));
    }

    [Fact]
    public async Task Apis_serves_the_named_groups_aggregated_when_asked()
    {
        await using var server = ApiServer.Start();
        var response = await server.SendAsync(HttpMethod.Get, "/apis", null, "application/json", AggregatedAccept);
        var list = await HttpAssert.Json(response, 200);
        Assert.Contains("as=APIGroupDiscoveryList", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        Assert.Equal("APIGroupDiscoveryList", (string?)list["kind"]);
        Assert.Equal(["events.k8s.io", "networking.k8s.io", "coordination.k8s.io", "discovery.k8s.io"], list["items"]!.AsArray().Select(g => (string)g!["metadata"]!["name"]!));
    }

    [Fact]
    public async Task Api_v1_lists_every_resource_and_subresource()
    {
        await using var server = ApiServer.Start();
        var list = await server.GetJsonAsync("/api/v1");
        Assert.Equal("APIResourceList", (string?)list["kind"]);
        Assert.Equal("v1", (string?)list["groupVersion"]);
        var resources = list["resources"]!.AsArray().ToDictionary(r => (string)r!["name"]!, r => r!.AsObject());
        // In kube-apiserver's order: by name, each resource followed by its subresources.
        Assert.Equal(
            ["bindings", "endpoints", "events", "namespaces", "namespaces/finalize", "namespaces/status", "nodes", "nodes/status", "pods", "pods/binding", "pods/status", "services", "services/status"],
            list["resources"]!.AsArray().Select(r => (string)r!["name"]!));
        AssertResource(resources["pods"], "pod", "Pod", true, "po", ["create", "delete", "deletecollection", "get", "list", "patch", "update"]);
        AssertResource(resources["services"], "service", "Service", true, "svc", ["create", "delete", "deletecollection", "get", "list", "patch", "update"]);
        AssertResource(resources["endpoints"], "endpoints", "Endpoints", true, "ep", ["create", "delete", "deletecollection", "get", "list", "patch", "update"]);
        AssertJson("""{"name":"events","singularName":"event","namespaced":true,"kind":"Event","verbs":["create","delete","deletecollection","get","list","patch","update","watch"],"shortNames":["ev"]}""", resources["events"]);
        AssertResource(resources["namespaces"], "namespace", "Namespace", false, "ns", ["create", "delete", "get", "list", "patch", "update"]);
        AssertResource(resources["nodes"], "node", "Node", false, "no", ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]);
        Assert.DoesNotContain("deletecollection", Verbs(resources["namespaces"]));
        Assert.Equal(["all"], resources["pods"]["categories"]!.AsArray().Select(c => (string)c!).ToList());
        Assert.Equal(["all"], resources["services"]["categories"]!.AsArray().Select(c => (string)c!).ToList());
        Assert.Equal(["get", "patch", "update"], Verbs(resources["pods/status"]));
        Assert.Equal(["get", "patch", "update"], Verbs(resources["nodes/status"]));
        Assert.Equal(["update"], Verbs(resources["namespaces/finalize"]));
        // As kube-apiserver lists them: the scheduler's binding both as a pod subresource and as a resource of its own.
        AssertJson("""{"name":"bindings","singularName":"binding","namespaced":true,"kind":"Binding","verbs":["create"]}""", resources["bindings"]);
        AssertJson("""{"name":"pods/binding","singularName":"","namespaced":true,"kind":"Binding","verbs":["create"]}""", resources["pods/binding"]);
    }

    [Fact]
    public async Task Events_k8s_io_serves_events_in_both_discovery_forms()
    {
        await using var server = ApiServer.Start();
        var list = await server.GetJsonAsync("/apis/events.k8s.io/v1");
        Assert.Equal(("APIResourceList", "events.k8s.io/v1"), ((string?)list["kind"], (string?)list["groupVersion"]));
        AssertJson("""{"name":"events","singularName":"event","namespaced":true,"kind":"Event","verbs":["create","delete","deletecollection","get","list","patch","update","watch"],"shortNames":["ev"]}""",
            Assert.Single(list["resources"]!.AsArray())!.AsObject());
        var response = await server.SendAsync(HttpMethod.Get, "/apis", null, "application/json", AggregatedAccept);
        var group = (await HttpAssert.Json(response, 200))["items"]![0]!;
        Assert.Equal("events.k8s.io", (string?)group["metadata"]!["name"]);
        var resource = Assert.Single(Assert.Single(group["versions"]!.AsArray())!["resources"]!.AsArray())!;
        Assert.Equal(("events", "Namespaced", "Event"), ((string?)resource["resource"], (string?)resource["scope"], (string?)resource["responseKind"]!["kind"]));
    }

    private static List<string> Verbs(JsonObject resource) => resource["verbs"]!.AsArray().Select(v => (string)v!).ToList();

    private static void AssertResource(JsonObject r, string singular, string kind, bool namespaced, string shortName, string[] verbs)
    {
        Assert.Equal(singular, (string?)r["singularName"]);
        Assert.Equal(kind, (string?)r["kind"]);
        Assert.Equal(namespaced, (bool?)r["namespaced"]);
        Assert.Contains(shortName, r["shortNames"]!.AsArray().Select(s => (string)s!));
        Assert.Subset(Verbs(r).ToHashSet(), verbs.ToHashSet());
    }

    [Fact]
    public async Task Version_reports_kubernetes_1_33()
    {
        await using var server = ApiServer.Start();
        var version = await server.GetJsonAsync("/version");
        Assert.Equal("1", (string?)version["major"]);
        Assert.Equal("33", (string?)version["minor"]);
        Assert.StartsWith("v1.33.", (string?)version["gitVersion"], StringComparison.Ordinal);
        Assert.NotNull(version["platform"]);
        Assert.NotNull(version["goVersion"]);
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/livez")]
    [InlineData("/readyz")]
    public async Task Health_probes_answer_ok(string path)
    {
        await using var server = ApiServer.Start();
        var response = await server.GetAsync(path);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
    }
}
