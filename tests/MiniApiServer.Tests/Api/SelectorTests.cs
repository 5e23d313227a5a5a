using static MiniApiServer.Tests.Api.ApiTestKit;

namespace MiniApiServer.Tests.Api;

/// <summary>labelSelector and fieldSelector on LIST (k8s-semantics.md §1.5).</summary>
public sealed class SelectorTests
{
    private static async Task<ApiServer> WithLabelledPodsAsync()
    {
        var server = ApiServer.Start();
        await server.CreateAsync(Pods, Manifests.Pod("a", """{"app":"web","tier":"fe","weight":"3"}"""));
        await server.CreateAsync(Pods, Manifests.Pod("b", """{"app":"web","tier":"be","weight":"10"}"""));
        await server.CreateAsync(Pods, Manifests.Pod("c", """{"app":"db"}"""));
        await server.CreateAsync(Pods, Manifests.Pod("d"));
        return server;
    }

    [Theory]
    [InlineData("", "a,b,c,d")]
    [InlineData("app=web", "a,b")]
    [InlineData("app==web", "a,b")]
    [InlineData("app!=web", "c,d")]
    [InlineData("app in (web,db)", "a,b,c")]
    [InlineData("app notin (web)", "c,d")]
    [InlineData("tier", "a,b")]
    [InlineData("!tier", "c,d")]
    [InlineData("app=web,tier=fe", "a")]
    [InlineData("app=web,!tier", "")]
    [InlineData("weight>5", "b")]
    [InlineData("weight<5", "a")]
    [InlineData("app in (web), tier notin (fe)", "b")]
    public async Task Label_selector_full_syntax(string selector, string expected)
    {
        await using var server = await WithLabelledPodsAsync();
        var list = await server.GetJsonAsync(Pods + "?labelSelector=" + Uri.EscapeDataString(selector));
        Assert.Equal(expected, string.Join(",", list.Names()));
    }

    [Fact]
    public async Task Label_selector_syntax_error_is_400()
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Status(await server.GetAsync(Pods + "?labelSelector=" + Uri.EscapeDataString("x==a==b")), 400, "BadRequest",
            "found '==', expected: ',' or 'end of string'");
    }

    [Fact]
    public async Task Label_selector_with_an_invalid_key_is_400()
    {
        await using var server = ApiServer.Start();
        var status = await HttpAssert.Status(await server.GetAsync(Pods + "?labelSelector=" + Uri.EscapeDataString("app:x=y")), 400, "BadRequest");
        Assert.StartsWith("unable to parse requirement: <nil>: Invalid value: \"app:x\": name part must consist of", (string?)status["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pods_select_by_node_name_and_its_legacy_alias()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Pods, Manifests.Pod("a", nodeName: "n1"));
        await server.CreateAsync(Pods, Manifests.Pod("b", nodeName: "n2"));
        await server.CreateAsync(Pods, Manifests.Pod("c"));
        Assert.Equal(["a"], (await server.GetJsonAsync(Pods + "?fieldSelector=spec.nodeName%3Dn1")).Names());
        Assert.Equal(["a"], (await server.GetJsonAsync(Pods + "?fieldSelector=spec.nodeName%3D%3Dn1")).Names());
        Assert.Equal(["b", "c"], (await server.GetJsonAsync(Pods + "?fieldSelector=spec.nodeName!%3Dn1")).Names());
        Assert.Equal(["c"], (await server.GetJsonAsync(Pods + "?fieldSelector=spec.nodeName%3D")).Names());
        Assert.Equal(["a"], (await server.GetJsonAsync(Pods + "?fieldSelector=spec.host%3Dn1")).Names());
    }

    [Fact]
    public async Task Pods_select_by_phase()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Pods, Manifests.Pod("a", nodeName: "n1"));
        await server.CreateAsync(Pods, Manifests.Pod("b", nodeName: "n1"));
        await HttpAssert.Json(await server.PatchAsync(Pods + "/b/status", """{"status":{"phase":"Running"}}"""), 200);
        Assert.Equal(["a"], (await server.GetJsonAsync(Pods + "?fieldSelector=status.phase%3DPending")).Names());
        Assert.Equal(["b"], (await server.GetJsonAsync(Pods + "?fieldSelector=status.phase%3DRunning")).Names());
        Assert.Equal(["b"], (await server.GetJsonAsync(Pods + "?fieldSelector=status.phase!%3DPending,spec.nodeName%3Dn1")).Names());
    }

    [Fact]
    public async Task Field_and_label_selectors_combine()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Pods, Manifests.Pod("a", """{"app":"web"}""", "n1"));
        await server.CreateAsync(Pods, Manifests.Pod("b", """{"app":"web"}""", "n2"));
        await server.CreateAsync(Pods, Manifests.Pod("c", """{"app":"db"}""", "n1"));
        Assert.Equal(["a"], (await server.GetJsonAsync(Pods + "?labelSelector=app%3Dweb&fieldSelector=spec.nodeName%3Dn1")).Names());
    }

    [Theory]
    [InlineData(Services)]
    [InlineData(EndpointsPath)]
    [InlineData(Namespaces)]
    [InlineData(Pods)]
    public async Task Every_kind_selects_by_name(string path)
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Services, Manifests.Service("web"));
        await server.CreateAsync(EndpointsPath, Manifests.Endpoints("web"));
        await server.CreateAsync(Pods, Manifests.Pod("web"));
        await server.CreateNamespaceAsync("web");
        Assert.Equal(["web"], (await server.GetJsonAsync(path + "?fieldSelector=metadata.name%3Dweb")).Names());
    }

    [Fact]
    public async Task Namespaces_select_by_phase()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Namespaces, Manifests.Namespace("ending", "\"finalizers\":[\"example.com/hold\"],"));
        await HttpAssert.Json(await server.DeleteAsync(Namespaces + "/ending"), 200);
        Assert.Equal(["ending"], (await server.GetJsonAsync(Namespaces + "?fieldSelector=status.phase%3DTerminating")).Names());
        Assert.DoesNotContain("ending", (await server.GetJsonAsync(Namespaces + "?fieldSelector=status.phase%3DActive")).Names());
    }

    [Theory]
    [InlineData(Pods)]
    [InlineData(Services)]
    [InlineData(Namespaces)]
    [InlineData("/api/v1/pods")]
    public async Task Unsupported_field_is_400_for_kinds_with_a_label_converter(string path)
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Status(await server.GetAsync(path + "?fieldSelector=spec.foo%3Dx"), 400, "BadRequest", "field label not supported: spec.foo");
    }

    [Theory]
    [InlineData(EndpointsPath)]
    [InlineData("/api/v1/endpoints")]
    public async Task Unsupported_field_is_400_naming_the_known_fields_for_endpoints(string path)
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Status(await server.GetAsync(path + "?fieldSelector=spec.foo%3Dx"), 400, "BadRequest",
            "\"spec.foo\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"");
    }

    [Fact]
    public async Task Pod_only_field_on_services_is_unsupported()
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Status(await server.GetAsync(Services + "?fieldSelector=status.phase%3DRunning"), 400, "BadRequest",
            "field label not supported: status.phase");
    }

    [Fact]
    public async Task Field_selector_without_an_operator_is_400()
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Status(await server.GetAsync(Pods + "?fieldSelector=spec.nodeName"), 400, "BadRequest");
    }

    [Fact]
    public async Task Deletecollection_honours_the_same_selectors()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Pods, Manifests.Pod("a", """{"app":"web"}"""));
        await server.CreateAsync(Pods, Manifests.Pod("b", """{"app":"db"}"""));
        var deleted = await HttpAssert.Json(await server.DeleteAsync(Pods + "?labelSelector=app%3Dweb"), 200);
        Assert.Equal(["a"], deleted.Names());
        Assert.Equal(["b"], (await server.GetJsonAsync(Pods)).Names());
    }
}
