using System.Text.Json.Nodes;

namespace MiniApiServer.Tests.Api.Networking;

/// <summary>networking.k8s.io/v1 in discovery, in the aggregated and the legacy forms kubectl reads (kubectl-wire.md §2, §11).</summary>
public sealed class NetworkingDiscoveryTests
{
    private const string AggregatedAccept =
        "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";

    private static List<string> Strings(JsonNode? array) => array!.AsArray().Select(v => (string)v!).ToList();

    /// <summary>The named groups in kube-apiserver's order: by group priority (events 17750, networking 17200, coordination 16500, discovery 16200).</summary>
    private static readonly string[] Groups = ["events.k8s.io", "networking.k8s.io", "coordination.k8s.io", "discovery.k8s.io"];

    [Fact]
    public async Task Aggregated_apis_lists_the_group_with_both_read_only_cluster_scoped_resources()
    {
        await using var server = ApiServer.Start();
        var response = await server.SendAsync(HttpMethod.Get, "/apis", null, "application/json", AggregatedAccept);
        var list = await HttpAssert.Json(response, 200);
        Assert.Equal("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList",
            response.Content.Headers.ContentType!.ToString().Replace(" ", "", StringComparison.Ordinal));
        Assert.Equal(("APIGroupDiscoveryList", "apidiscovery.k8s.io/v2"), ((string?)list["kind"], (string?)list["apiVersion"]));
        Assert.Equal(Groups, list["items"]!.AsArray().Select(g => (string)g!["metadata"]!["name"]!));
        var group = list["items"]![1]!;
        var version = Assert.Single(group["versions"]!.AsArray())!;
        Assert.Equal(("v1", "Current"), ((string?)version["version"], (string?)version["freshness"]));
        var resources = version["resources"]!.AsArray();
        Assert.Equal(["ipaddresses", "servicecidrs"], resources.Select(r => (string)r!["resource"]!));
        Assert.Equal(["ipaddress", "servicecidr"], resources.Select(r => (string)r!["singularResource"]!));
        Assert.Equal(["IPAddress", "ServiceCIDR"], resources.Select(r => (string)r!["responseKind"]!["kind"]!));
        Assert.All(resources, r =>
        {
            Assert.Equal("Cluster", (string?)r!["scope"]);
            Assert.Equal(["get", "list"], Strings(r["verbs"]));
            Assert.Null(r["shortNames"]);
        });
    }

    [Fact]
    public async Task Aggregated_v2beta1_is_answered_in_kind()
    {
        await using var server = ApiServer.Start();
        var response = await server.SendAsync(HttpMethod.Get, "/apis", null, "application/json",
            "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList");
        var list = await HttpAssert.Json(response, 200);
        Assert.Equal("apidiscovery.k8s.io/v2beta1", (string?)list["apiVersion"]);
        Assert.Equal(Groups, list["items"]!.AsArray().Select(g => (string)g!["metadata"]!["name"]!));
    }

    [Fact]
    public async Task Legacy_apis_lists_the_group_with_v1_preferred()
    {
        await using var server = ApiServer.Start();
        var list = await server.GetJsonAsync("/apis");
        Assert.Equal(("APIGroupList", "v1"), ((string?)list["kind"], (string?)list["apiVersion"]));
        Assert.Equal(Groups, list["groups"]!.AsArray().Select(g => (string)g!["name"]!));
        var group = list["groups"]![1]!;
        Assert.Null(group["kind"]);
        Assert.Equal("networking.k8s.io/v1", (string?)Assert.Single(group["versions"]!.AsArray())!["groupVersion"]);
        Assert.Equal(("networking.k8s.io/v1", "v1"), ((string?)group["preferredVersion"]!["groupVersion"], (string?)group["preferredVersion"]!["version"]));
    }

    [Fact]
    public async Task The_group_document_is_an_APIGroup()
    {
        await using var server = ApiServer.Start();
        var group = await server.GetJsonAsync("/apis/networking.k8s.io");
        Assert.Equal(("APIGroup", "v1", "networking.k8s.io"), ((string?)group["kind"], (string?)group["apiVersion"], (string?)group["name"]));
        Assert.Equal("v1", (string?)group["preferredVersion"]!["version"]);
    }

    [Fact]
    public async Task The_version_document_lists_both_resources()
    {
        await using var server = ApiServer.Start();
        var list = await server.GetJsonAsync("/apis/networking.k8s.io/v1");
        Assert.Equal(("APIResourceList", "networking.k8s.io/v1"), ((string?)list["kind"], (string?)list["groupVersion"]));
        var resources = list["resources"]!.AsArray();
        Assert.Equal(["ipaddresses", "servicecidrs"], resources.Select(r => (string)r!["name"]!));
        Assert.Equal(["ipaddress", "servicecidr"], resources.Select(r => (string)r!["singularName"]!));
        Assert.Equal(["IPAddress", "ServiceCIDR"], resources.Select(r => (string)r!["kind"]!));
        Assert.All(resources, r =>
        {
            Assert.False((bool)r!["namespaced"]!);
            Assert.Equal(["get", "list"], Strings(r["verbs"]));
        });
    }

    [Fact]
    public async Task Core_discovery_is_unchanged()
    {
        await using var server = ApiServer.Start();
        var list = await server.GetJsonAsync("/api/v1");
        Assert.DoesNotContain("ipaddresses", list["resources"]!.AsArray().Select(r => (string)r!["name"]!));
    }
}
