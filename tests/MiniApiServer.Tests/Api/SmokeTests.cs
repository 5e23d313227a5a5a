namespace MiniApiServer.Tests.Api;

public sealed class SmokeTests
{
    [Fact]
    public async Task Server_starts_with_system_namespaces_and_the_kubernetes_service()
    {
        await using var server = ApiServer.Start();
        var list = await HttpAssert.Json(await server.GetAsync("/api/v1/namespaces"), 200);
        Assert.Equal("NamespaceList", (string?)list["kind"]);
        var names = list["items"]!.AsArray().Select(i => (string?)i!["metadata"]!["name"]).ToList();
        Assert.Equal(["default", "kube-node-lease", "kube-public", "kube-system"], names);
        var svc = await HttpAssert.Json(await server.GetAsync("/api/v1/namespaces/default/services/kubernetes"), 200);
        Assert.Equal("10.96.0.1", (string?)svc["spec"]!["clusterIP"]);
        Assert.Equal("Service", (string?)svc["kind"]);
    }
}
