using System.Text.Json.Nodes;

namespace MiniApiServer.EndToEnd;

/// <summary>
/// The real kubectl against the real server process, with its default flags (client-side validation finds
/// fieldValidation in /openapi/v3, kubectl-wire.md §1.6). kubectl here may be a dispatcher that picks its bundled client from /version's
/// minor (§1.1), so this also checks which client version the server's "33" selects.
/// </summary>
public sealed class KubectlSmokeTests : IAsyncLifetime
{
    private const string MyService = """
        apiVersion: v1
        kind: Service
        metadata:
          name: my-service
        spec:
          selector:
            app: MyApp
          ports:
            - protocol: TCP
              port: 80
              targetPort: 9376
        """;

    private const string SelectorlessServiceAndEndpoints = """
        apiVersion: v1
        kind: Service
        metadata:
          name: my-service
        spec:
          ports:
            - name: http
              protocol: TCP
              port: 80
              targetPort: 9376
        ---
        apiVersion: v1
        kind: Endpoints
        metadata:
          name: my-service
        subsets:
          - addresses:
              - ip: 192.0.2.42
            ports:
              - name: http
                port: 9376
        """;

    private readonly TempDirectory _data = new();
    private readonly TempDirectory _scratch = new();
    private ServerProcess? _server;

    private ServerProcess Server => _server!;

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync(_data.Path);

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
    public async Task Kubectl_reports_the_server_version_minor_33()
    {
        var kubectl = Kubectl.For(Server, _scratch);
        var version = Json(await kubectl.SucceedAsync("version", "-o", "json"));
        Assert.Equal(("1", "33"), ((string?)version["serverVersion"]!["major"], (string?)version["serverVersion"]!["minor"]));
    }

    [ToolFact("kubectl")]
    public async Task Kubectl_creates_gets_labels_and_deletes_a_service()
    {
        var kubectl = Kubectl.For(Server, _scratch);
        var manifest = kubectl.WriteManifest("my-service.yaml", MyService);

        Assert.Equal("service/my-service created", (await kubectl.SucceedAsync("create", "-f", manifest)).Trim());

        var svc = Json(await kubectl.SucceedAsync("get", "svc", "my-service", "-o", "json"));
        Assert.Equal(("Service", "my-service", "default"), ((string?)svc["kind"], (string?)svc["metadata"]!["name"], (string?)svc["metadata"]!["namespace"]));
        Assert.Equal("MyApp", (string?)svc["spec"]!["selector"]!["app"]);
        var port = svc["spec"]!["ports"]![0]!;
        Assert.Equal((80, 9376, "TCP"), ((int)port["port"]!, (int)port["targetPort"]!, (string?)port["protocol"]));
        Assert.Equal("ClusterIP", (string?)svc["spec"]!["type"]);

        var namespaces = Json(await kubectl.SucceedAsync("get", "ns", "-o", "json"));
        var names = namespaces["items"]!.AsArray().Select(n => (string?)n!["metadata"]!["name"]).ToList();
        Assert.Equal(["default", "kube-node-lease", "kube-public", "kube-system"], names);

        Assert.Equal("service/my-service labeled", (await kubectl.SucceedAsync("label", "svc", "my-service", "tier=frontend")).Trim());
        var labeled = Json(await kubectl.SucceedAsync("get", "svc", "-l", "tier=frontend", "-o", "json"));
        Assert.Equal("my-service", (string?)Assert.Single(labeled["items"]!.AsArray())!["metadata"]!["name"]);

        Assert.Equal("service \"my-service\" deleted", (await kubectl.SucceedAsync("delete", "svc", "my-service")).Trim());
        var gone = await kubectl.RunAsync("get", "svc", "my-service", "-o", "json");
        Assert.Equal(1, gone.ExitCode);
        Assert.Contains("Error from server (NotFound): services \"my-service\" not found", gone.StandardError, StringComparison.Ordinal);
    }

    [ToolFact("kubectl")]
    public async Task Kubectl_serves_a_selectorless_service_with_manual_endpoints()
    {
        var kubectl = Kubectl.For(Server, _scratch);
        var manifest = kubectl.WriteManifest("selectorless.yaml", SelectorlessServiceAndEndpoints);

        var created = await kubectl.SucceedAsync("create", "-f", manifest);
        Assert.Equal(["service/my-service created", "endpoints/my-service created"], created.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        var svc = Json(await kubectl.SucceedAsync("get", "svc", "my-service", "-o", "json"));
        Assert.Null(svc["spec"]!["selector"]);

        var endpoints = Json(await kubectl.SucceedAsync("get", "endpoints", "my-service", "-o", "json"));
        Assert.Equal("Endpoints", (string?)endpoints["kind"]);
        var subset = Assert.Single(endpoints["subsets"]!.AsArray())!;
        Assert.Equal("192.0.2.42", (string?)Assert.Single(subset["addresses"]!.AsArray())!["ip"]);
        var port = Assert.Single(subset["ports"]!.AsArray())!;
        Assert.Equal(("http", 9376, "TCP"), ((string?)port["name"], (int)port["port"]!, (string?)port["protocol"]));

        // Deleting the Service takes its Endpoints with it (pkg/registry/core/service/storage/storage.go afterDelete).
        await kubectl.SucceedAsync("delete", "svc", "my-service");
        var gone = await kubectl.RunAsync("get", "endpoints", "my-service");
        Assert.Contains("Error from server (NotFound): endpoints \"my-service\" not found", gone.StandardError, StringComparison.Ordinal);
    }

    private static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();
}
