using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace MiniApiServer.EndToEnd;

/// <summary>
/// Services that follow their pods, with the real kubectl against the real server process and its built-in pod
/// simulator (on by default): pods get bound, an IP and Ready without a kubelet, the endpoints and endpointslice
/// controllers publish them, and namespace deletion with running pods completes. Each test has its own namespace.
/// </summary>
public sealed class KubectlServiceEndpointsTests(RunningServer fixture) : IClassFixture<RunningServer>, IDisposable
{
    private static readonly IPNetwork PodNetwork = IPNetwork.Parse("10.244.0.0/16");

    private readonly Kubernetes _client = Client.For(fixture.Server);
    private readonly TempDirectory _scratch = new();

    public void Dispose()
    {
        _client.Dispose();
        _scratch.Dispose();
    }

    /// <summary>The seed example: three pods <c>app=MyApp</c> exposing 9376, Service my-service port 80 → 9376.</summary>
    internal static string SeedManifest(string ns, int graceSeconds = 30) =>
        string.Join("---\n", Enumerable.Range(1, 3).Select(i => $"""
            apiVersion: v1
            kind: Pod
            metadata:
              name: my-app-{i}
              namespace: {ns}
              labels: {"{"}app: MyApp{"}"}
            spec:
              terminationGracePeriodSeconds: {graceSeconds}
              containers:
              - name: app
                image: registry.k8s.io/serve_hostname
                ports:
                - containerPort: 9376

            """)) + $"""
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: my-service
              namespace: {ns}
            spec:
              selector:
                app: MyApp
              ports:
              - protocol: TCP
                port: 80
                targetPort: 9376

            """;

    [ToolFact("kubectl")]
    public async Task The_seed_example_gets_three_addresses_on_9376_in_endpoints_and_slices()
    {
        var ns = await NewNamespaceAsync();
        var kubectl = NewKubectl();
        await kubectl.SucceedAsync("create", "-f", kubectl.WriteManifest("seed.yaml", SeedManifest(ns)));

        var ips = await Eventually.ValueAsync(async () =>
        {
            var found = await WordsAsync(kubectl, "get", "endpoints", "my-service", "-n", ns, "-o", "jsonpath={.subsets[*].addresses[*].ip}");
            return found.Length == 3 ? found : null;
        }, "three ready addresses in the Endpoints");
        Assert.All(ips, ip => Assert.True(PodNetwork.Contains(IPAddress.Parse(ip)), $"{ip} is not from the pod network"));
        Assert.Equal(["9376"], await WordsAsync(kubectl, "get", "endpoints", "my-service", "-n", ns, "-o", "jsonpath={.subsets[0].ports[0].port}"));

        // The pods are what a kubelet would make them: bound to the simulated node, Running and Ready, with those IPs.
        var pods = JsonNode.Parse(await kubectl.SucceedAsync("get", "pods", "-n", ns, "-o", "json"))!["items"]!.AsArray();
        Assert.All(pods, pod =>
        {
            Assert.Equal("miniapiserver-node", (string?)pod!["spec"]!["nodeName"]);
            Assert.Equal("Running", (string?)pod["status"]!["phase"]);
            Assert.Contains(pod["status"]!["conditions"]!.AsArray(), c => (string?)c!["type"] == "Ready" && (string?)c["status"] == "True");
        });
        Assert.Equal(ips.Order(), pods.Select(p => (string)p!["status"]!["podIP"]!).Order());

        // The slices say the same.
        var sliceIps = await Eventually.ValueAsync(async () =>
        {
            var slices = JsonNode.Parse(await kubectl.SucceedAsync("get", "endpointslices", "-n", ns, "-l", "kubernetes.io/service-name=my-service", "-o", "json"))!["items"]!.AsArray();
            var ready = slices.SelectMany(s => s!["endpoints"]?.AsArray() ?? [])
                .Where(e => (bool?)e!["conditions"]?["ready"] == true)
                .SelectMany(e => e!["addresses"]!.AsArray().Select(a => (string)a!))
                .ToList();
            return ready.Count == 3 ? ready : null;
        }, "three ready endpoints in the slices");
        Assert.Equal(ips.Order(), sliceIps.Order());

        var table = await kubectl.SucceedAsync("get", "endpointslices", "-n", ns);
        Assert.Contains("my-service-", table, StringComparison.Ordinal);
        Assert.Contains("my-service", await kubectl.SucceedAsync("get", "endpoints", "-n", ns), StringComparison.Ordinal);
    }

    [ToolFact("kubectl")]
    public async Task Kubectl_get_nodes_lists_the_simulated_node_ready()
    {
        var kubectl = NewKubectl();
        var node = JsonNode.Parse(await kubectl.SucceedAsync("get", "node", "miniapiserver-node", "-o", "json"))!;
        var ready = node["status"]!["conditions"]!.AsArray().Single(c => (string?)c!["type"] == "Ready")!;
        Assert.Equal(("True", "KubeletReady"), ((string?)ready["status"], (string?)ready["reason"]));
        Assert.Contains("miniapiserver-node", await kubectl.SucceedAsync("get", "nodes"), StringComparison.Ordinal);
    }

    [ToolFact("kubectl")]
    public async Task Deleting_a_namespace_with_running_pods_completes_through_the_simulator()
    {
        var ns = await NewNamespaceAsync();
        var kubectl = NewKubectl();
        await kubectl.SucceedAsync("create", "-f", kubectl.WriteManifest("seed.yaml", SeedManifest(ns, graceSeconds: 1)));
        await Eventually.ValueAsync(async () =>
            string.Join(" ", await WordsAsync(kubectl, "get", "pods", "-n", ns, "-o", "jsonpath={.items[*].status.phase}")) == "Running Running Running" ? "" : null,
            "three running pods");

        // kubectl waits until the namespace is gone: the pods' graceful deletion has to be finished by the simulator.
        await kubectl.SucceedAsync("delete", "namespace", ns, "--timeout=50s");
        var result = await kubectl.RunAsync("get", "namespace", ns);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("NotFound", result.StandardError, StringComparison.Ordinal);
    }

    [ToolFact("kubectl")]
    public async Task Kubectl_delete_pod_returns_once_the_simulator_finishes_the_grace_period()
    {
        var ns = await NewNamespaceAsync();
        var kubectl = NewKubectl();
        await kubectl.SucceedAsync("create", "-f", kubectl.WriteManifest("seed.yaml", SeedManifest(ns, graceSeconds: 1)));
        await Eventually.ValueAsync(async () =>
            (await WordsAsync(kubectl, "get", "endpoints", "my-service", "-n", ns, "-o", "jsonpath={.subsets[*].addresses[*].ip}")).Length == 3
                ? "" : null, "three addresses");
        await kubectl.SucceedAsync("delete", "pod", "my-app-1", "-n", ns, "--timeout=30s");
        var left = await Eventually.ValueAsync(async () =>
        {
            var found = await WordsAsync(kubectl, "get", "endpoints", "my-service", "-n", ns, "-o", "jsonpath={.subsets[*].addresses[*].targetRef.name}");
            return found.Length == 2 ? found : null;
        }, "two addresses");
        Assert.Equal(["my-app-2", "my-app-3"], left.Order());
    }

    private Task<string> NewNamespaceAsync() => _client.CreateNamespaceAsync("svc");

    private Kubectl NewKubectl() => Kubectl.For(fixture.Server, _scratch);

    /// <summary>A jsonpath answer's words (kubectl ends its output with a newline).</summary>
    private static async Task<string[]> WordsAsync(Kubectl kubectl, params string[] args) =>
        (await kubectl.SucceedAsync(args)).Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries);

}
