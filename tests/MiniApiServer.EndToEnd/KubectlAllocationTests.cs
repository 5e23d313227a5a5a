using System.Text.Json.Nodes;

namespace MiniApiServer.EndToEnd;

/// <summary>
/// What is allocated, as the real kubectl lists it: the networking.k8s.io/v1 ServiceCIDR and IPAddresses of a
/// dual-stack server process, found through discovery alone.
/// </summary>
public sealed class KubectlAllocationTests : IAsyncLifetime
{
    private const string DualStackService = """
        apiVersion: v1
        kind: Service
        metadata:
          name: web
        spec:
          ipFamilyPolicy: RequireDualStack
          ports:
            - port: 80
        """;

    private readonly TempDirectory _data = new();
    private readonly TempDirectory _scratch = new();
    private ServerProcess? _server;

    private ServerProcess Server => _server!;

    public async Task InitializeAsync() =>
        _server = await ServerProcess.StartAsync(_data.Path, ["--service-cluster-ip-range", "10.96.0.0/16,fd00:10:96::/112"]);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        _scratch.Dispose();
        _data.Dispose();
    }

    [ToolFact("kubectl")]
    public async Task Kubectl_gets_the_service_cidr_with_both_ranges()
    {
        var kubectl = Kubectl.For(Server, _scratch);
        var list = Json(await kubectl.SucceedAsync("get", "servicecidrs", "-o", "json"));
        var cidr = Assert.Single(list["items"]!.AsArray())!;
        Assert.Equal(("ServiceCIDR", "networking.k8s.io/v1", "kubernetes"),
            ((string?)cidr["kind"], (string?)cidr["apiVersion"], (string?)cidr["metadata"]!["name"]));
        Assert.Equal(["10.96.0.0/16", "fd00:10:96::/112"], cidr["spec"]!["cidrs"]!.AsArray().Select(c => (string)c!));
        Assert.Equal("True", (string?)cidr["status"]!["conditions"]![0]!["status"]);
    }

    [ToolFact("kubectl")]
    public async Task Kubectl_lists_the_ip_addresses_of_services_and_forgets_them_on_delete()
    {
        var kubectl = Kubectl.For(Server, _scratch);
        await kubectl.SucceedAsync("create", "-f", kubectl.WriteManifest("web.yaml", DualStackService));
        var svc = Json(await kubectl.SucceedAsync("get", "svc", "web", "-o", "json"));
        var ips = svc["spec"]!["clusterIPs"]!.AsArray().Select(ip => (string)ip!).ToList();
        Assert.Equal(2, ips.Count);

        var list = Json(await kubectl.SucceedAsync("get", "ipaddresses", "-o", "json"));
        var byName = list["items"]!.AsArray().ToDictionary(a => (string)a!["metadata"]!["name"]!, a => a!);
        Assert.Equal(new[] { "10.96.0.1", ips[0], ips[1] }.Order(StringComparer.Ordinal), byName.Keys.Order(StringComparer.Ordinal));
        foreach (var ip in ips)
        {
            var parent = byName[ip]["spec"]!["parentRef"]!;
            Assert.Equal(("services", "default", "web"), ((string?)parent["resource"], (string?)parent["namespace"], (string?)parent["name"]));
            Assert.Equal("IPAddress", (string?)byName[ip]["kind"]);
        }
        Assert.Equal("IPv6", (string?)byName[ips[1]]["metadata"]!["labels"]!["ipaddress.kubernetes.io/ip-family"]);
        Assert.Equal("kubernetes", (string?)byName["10.96.0.1"]["spec"]!["parentRef"]!["name"]);

        var table = (await kubectl.SucceedAsync("get", "ipaddresses")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("NAME", table[0], StringComparison.Ordinal);
        Assert.Equal(byName.Keys.Order(StringComparer.Ordinal), table.Skip(1).Select(row => row.Split(' ')[0]).Order(StringComparer.Ordinal));

        await kubectl.SucceedAsync("delete", "svc", "web");
        var after = Json(await kubectl.SucceedAsync("get", "ipaddresses", "-o", "json"));
        Assert.Equal(["10.96.0.1"], after["items"]!.AsArray().Select(a => (string)a!["metadata"]!["name"]!));
        var gone = await kubectl.RunAsync("get", "ipaddress", ips[0]);
        Assert.Equal(1, gone.ExitCode);
        Assert.Contains($"Error from server (NotFound): ipaddresses.networking.k8s.io \"{ips[0]}\" not found", gone.StandardError, StringComparison.Ordinal);
    }

    private static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();
}
