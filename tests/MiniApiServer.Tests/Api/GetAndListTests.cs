using System.Text.Json.Nodes;
using static MiniApiServer.Tests.Api.ApiTestKit;

namespace MiniApiServer.Tests.Api;

/// <summary>GET of one object and LIST of collections, namespaced and cluster-wide (k8s-semantics.md §1.1, §1.6).</summary>
public sealed class GetAndListTests
{
    [Fact]
    public async Task Get_returns_the_object_with_kind_and_apiVersion()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Services, Manifests.Service("web"));
        var svc = await server.GetJsonAsync(Services + "/web");
        Assert.Equal("Service", (string?)svc["kind"]);
        Assert.Equal("v1", (string?)svc["apiVersion"]);
        Assert.Equal("web", (string?)svc["metadata"]!["name"]);
    }

    [Fact]
    public async Task Get_of_a_missing_object_is_404_with_the_resource_in_details()
    {
        await using var server = ApiServer.Start();
        var status = await HttpAssert.Status(await server.GetAsync(Services + "/nope"), 404, "NotFound", "services \"nope\" not found");
        Assert.Equal("nope", (string?)status["details"]!["name"]);
        Assert.Equal("services", (string?)status["details"]!["kind"]);
        Assert.Null(status["details"]!["group"]);
        Assert.NotNull(status["metadata"]);
    }

    [Fact]
    public async Task Get_of_a_missing_namespace_is_404_for_the_namespace()
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Status(await server.GetAsync(Namespaces + "/nope"), 404, "NotFound", "namespaces \"nope\" not found");
    }

    [Fact]
    public async Task Get_in_a_missing_namespace_is_404_for_the_object()
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Status(await server.GetAsync("/api/v1/namespaces/nope/pods/p"), 404, "NotFound", "pods \"p\" not found");
    }

    [Fact]
    public async Task Get_accepts_a_resourceVersion()
    {
        await using var server = ApiServer.Start();
        var created = await server.CreateAsync(Services, Manifests.Service("web"));
        await server.GetJsonAsync(Services + "/web?resourceVersion=0");
        await server.GetJsonAsync($"{Services}/web?resourceVersion={created.Rv()}");
    }

    [Fact]
    public async Task Get_of_the_status_subresource_returns_the_whole_object()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Pods, Manifests.Pod("p"));
        var pod = await server.GetJsonAsync(Pods + "/p/status");
        Assert.Equal("Pod", (string?)pod["kind"]);
        Assert.NotNull(pod["spec"]!["containers"]);
        Assert.Equal("Pending", (string?)pod["status"]!["phase"]);
    }

    [Fact]
    public async Task List_has_the_list_kind_and_the_store_revision()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Services, Manifests.Service("web"));
        await server.CreateAsync(Pods, Manifests.Pod("p"));
        var list = await server.GetJsonAsync(Services);
        Assert.Equal("ServiceList", (string?)list["kind"]);
        Assert.Equal("v1", (string?)list["apiVersion"]);
        // The list's resourceVersion is the store revision (the pod's), not the newest item's.
        Assert.Equal(server.Revision().ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)list["metadata"]!["resourceVersion"]);
        Assert.Equal(["kubernetes", "web"], list.Names());
    }

    [Theory]
    [InlineData(Services, "ServiceList")]
    [InlineData(Pods, "PodList")]
    [InlineData(EndpointsPath, "EndpointsList")]
    [InlineData(Namespaces, "NamespaceList")]
    [InlineData("/api/v1/pods", "PodList")]
    [InlineData("/api/v1/services", "ServiceList")]
    [InlineData("/api/v1/endpoints", "EndpointsList")]
    public async Task Every_collection_lists_with_its_list_kind(string path, string listKind)
    {
        await using var server = ApiServer.Start();
        var list = await server.GetJsonAsync(path);
        Assert.Equal(listKind, (string?)list["kind"]);
        Assert.IsType<JsonArray>(list["items"]);
    }

    [Fact]
    public async Task List_items_carry_no_kind_or_apiVersion()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Pods, Manifests.Pod("p"));
        var list = await server.GetJsonAsync(Pods);
        var item = list["items"]![0]!.AsObject();
        Assert.False(item.ContainsKey("kind"));
        Assert.False(item.ContainsKey("apiVersion"));
        Assert.Equal("p", (string?)item["metadata"]!["name"]);
        Assert.Equal("Pending", (string?)item["status"]!["phase"]);
    }

    [Fact]
    public async Task Empty_list_has_an_empty_items_array_never_null()
    {
        await using var server = ApiServer.Start();
        var response = await server.GetAsync(Pods);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"items\":[]", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_in_a_missing_namespace_is_empty_not_an_error()
    {
        await using var server = ApiServer.Start();
        var list = await server.GetJsonAsync("/api/v1/namespaces/nope/services");
        Assert.Empty(list["items"]!.AsArray());
        Assert.Equal("ServiceList", (string?)list["kind"]);
    }

    [Fact]
    public async Task Namespaced_list_shows_only_that_namespace()
    {
        await using var server = ApiServer.Start();
        await server.CreateNamespaceAsync("team");
        await server.CreateAsync(Services, Manifests.Service("a"));
        await server.CreateAsync("/api/v1/namespaces/team/services", Manifests.Service("b"));
        Assert.Equal(["b"], (await server.GetJsonAsync("/api/v1/namespaces/team/services")).Names());
    }

    [Fact]
    public async Task Cluster_wide_list_spans_namespaces_in_namespace_then_name_order()
    {
        await using var server = ApiServer.Start();
        await server.CreateNamespaceAsync("team");
        await server.CreateAsync("/api/v1/namespaces/team/services", Manifests.Service("a"));
        await server.CreateAsync(Services, Manifests.Service("z"));
        await server.CreateAsync(Services, Manifests.Service("b"));
        var list = await server.GetJsonAsync("/api/v1/services");
        var keys = list["items"]!.AsArray().Select(i => $"{i!["metadata"]!["namespace"]}/{i["metadata"]!["name"]}").ToList();
        Assert.Equal(["default/b", "default/kubernetes", "default/z", "team/a"], keys);
    }

    [Fact]
    public async Task Cluster_wide_list_narrowed_by_the_namespace_field()
    {
        await using var server = ApiServer.Start();
        await server.CreateNamespaceAsync("team");
        await server.CreateAsync("/api/v1/namespaces/team/services", Manifests.Service("a"));
        await server.CreateAsync(Services, Manifests.Service("b"));
        var list = await server.GetJsonAsync("/api/v1/services?fieldSelector=metadata.namespace%3Dteam");
        Assert.Equal(["a"], list.Names());
    }

    [Fact]
    public async Task Namespaces_list_is_cluster_scoped()
    {
        await using var server = ApiServer.Start();
        await server.CreateNamespaceAsync("team");
        var list = await server.GetJsonAsync(Namespaces);
        Assert.Equal("NamespaceList", (string?)list["kind"]);
        Assert.Equal(["default", "kube-node-lease", "kube-public", "kube-system", "team"], list.Names());
        Assert.All(list["items"]!.AsArray(), i => Assert.False(i!["metadata"]!.AsObject().ContainsKey("namespace")));
    }

    [Fact]
    public async Task Names_are_case_sensitive_path_segments()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Services, Manifests.Service("web"));
        await HttpAssert.Status(await server.GetAsync(Services + "/WEB"), 404, "NotFound", "services \"WEB\" not found");
    }
}
