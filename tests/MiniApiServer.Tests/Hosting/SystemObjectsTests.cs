using MiniApiServer.Hosting;
using static MiniApiServer.Tests.Registry.KindApi;

namespace MiniApiServer.Tests.Hosting;

/// <summary>What kube-apiserver creates for itself at start-up, seen over HTTP.</summary>
public sealed class SystemObjectsTests
{
    private const string KubernetesService = "/api/v1/namespaces/default/services/kubernetes";

    [Theory]
    [InlineData("default")]
    [InlineData("kube-system")]
    [InlineData("kube-public")]
    [InlineData("kube-node-lease")]
    public async Task System_namespace_exists_active_with_finalizer_and_name_label(string name)
    {
        await using var server = ApiServer.Start();
        var ns = await HttpAssert.Json(await server.GetAsync($"/api/v1/namespaces/{name}"), 200);
        Assert.Equal("Namespace", Str(ns["kind"]));
        AssertJson("""{"phase":"Active"}""", ns["status"]!);
        AssertJson("""{"finalizers":["kubernetes"]}""", ns["spec"]!);
        AssertJson($$"""{"kubernetes.io/metadata.name":"{{name}}"}""", ns["metadata"]!["labels"]!);
        Assert.NotNull(ns["metadata"]!["uid"]);
        Assert.NotNull(ns["metadata"]!["creationTimestamp"]);
    }

    [Fact]
    public async Task Kubernetes_service_is_on_the_first_ip_of_the_default_range()
    {
        await using var server = ApiServer.Start();
        var svc = await HttpAssert.Json(await server.GetAsync(KubernetesService), 200);
        AssertJson("""{"component":"apiserver","provider":"kubernetes"}""", svc["metadata"]!["labels"]!);
        var spec = svc["spec"]!;
        Assert.Equal("ClusterIP", Str(spec["type"]));
        Assert.Equal("10.96.0.1", Str(spec["clusterIP"]));
        AssertJson("""["10.96.0.1"]""", spec["clusterIPs"]!);
        AssertJson("""[{"name":"https","port":443,"protocol":"TCP","targetPort":6443}]""", spec["ports"]!);
        Assert.Equal("None", Str(spec["sessionAffinity"]));
        AssertJson("""["IPv4"]""", spec["ipFamilies"]!);
        Assert.Equal("SingleStack", Str(spec["ipFamilyPolicy"]));
        Assert.Equal("Cluster", Str(spec["internalTrafficPolicy"]));
        Assert.Null(spec["selector"]);
        AssertJson("""{"loadBalancer":{}}""", svc["status"]!);
    }

    [Theory]
    [InlineData("10.0.0.0/24", "10.0.0.1")]
    [InlineData("172.20.5.7/16", "172.20.0.1")]
    [InlineData("fd00:10:96::/112", "fd00:10:96::1")]
    public async Task Kubernetes_service_follows_a_custom_service_range(string range, string expected)
    {
        await using var server = ApiServer.Start(settings: new Dictionary<string, string> { ["service-cluster-ip-range"] = range });
        var svc = await HttpAssert.Json(await server.GetAsync(KubernetesService), 200);
        Assert.Equal(expected, Str(svc["spec"]!["clusterIP"]));
        AssertJson($$"""["{{expected}}"]""", svc["spec"]!["clusterIPs"]!);
    }

    [Fact]
    public async Task Kubernetes_service_in_an_IPv6_range_gets_the_IPv6_family()
    {
        await using var server = ApiServer.Start(settings: new Dictionary<string, string> { ["service-cluster-ip-range"] = "fd00:10:96::/112" });
        var svc = await HttpAssert.Json(await server.GetAsync(KubernetesService), 200);
        AssertJson("""["IPv6"]""", svc["spec"]!["ipFamilies"]!);
    }

    [Fact]
    public async Task Kubernetes_service_is_recreated_after_deletion()
    {
        await using var server = ApiServer.Start();
        var original = await HttpAssert.Json(await server.GetAsync(KubernetesService), 200);
        await HttpAssert.Json(await server.DeleteAsync(KubernetesService), 200);
        Assert.Equal(404, await StatusOf(server, KubernetesService));

        // The check loop runs every 10 s, as kube-apiserver's kubernetesservice controller does.
        await Eventually(async () => await StatusOf(server, KubernetesService) == 200, TimeSpan.FromSeconds(15), "the kubernetes Service to come back");
        var again = await HttpAssert.Json(await server.GetAsync(KubernetesService), 200);
        Assert.NotEqual(Str(original["metadata"]!["uid"]), Str(again["metadata"]!["uid"]));
        Assert.Equal(original["spec"]!.ToJsonString(), again["spec"]!.ToJsonString());
    }

    [Fact]
    public async Task Restart_does_not_duplicate_or_replace_the_system_objects()
    {
        var dir = Path.Combine(Path.GetTempPath(), "miniapiserver-tests", Guid.NewGuid().ToString("N"));
        try
        {
            string uid;
            await using (var first = ApiServer.Start(dataDirectory: dir))
            {
                uid = Str((await HttpAssert.Json(await first.GetAsync(KubernetesService), 200))["metadata"]!["uid"])!;
            }
            await using var second = ApiServer.Start(dataDirectory: dir);
            var svc = await HttpAssert.Json(await second.GetAsync(KubernetesService), 200);
            Assert.Equal(uid, Str(svc["metadata"]!["uid"]));
            var names = (await HttpAssert.Json(await second.GetAsync("/api/v1/namespaces"), 200))["items"]!.AsArray()
                .Select(i => Str(i!["metadata"]!["name"])).ToList();
            Assert.Equal(SystemObjects.Namespaces.Order(StringComparer.Ordinal), names);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
