using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;

namespace MiniApiServer.EndToEnd;

/// <summary>
/// The everyday kubectl commands of issue 11, with default flags, against the real server process (pod simulator on):
/// each asserts the exit code and what kubectl prints, as it prints it against a real cluster. Each test has its own
/// namespace. Tables, OpenAPI, protobuf bodies and events have their own end-to-end tests beside this one.
/// </summary>
public sealed partial class KubectlEverydayTests(RunningServer fixture) : IClassFixture<RunningServer>, IDisposable
{
    private readonly Kubernetes _client = Client.For(fixture.Server);
    private readonly TempDirectory _scratch = new();

    public void Dispose()
    {
        _client.Dispose();
        _scratch.Dispose();
    }

    [ToolFact("kubectl")]
    public async Task Version_cluster_info_api_resources_and_api_versions()
    {
        var kubectl = NewKubectl();
        var version = await kubectl.SucceedAsync("version");
        Assert.Matches(@"(?m)^Client Version: v1\.\d+\.\d+$", version);
        Assert.Matches(@"(?m)^Server Version: v1\.33\.\d+$", version);

        // cluster-info colours its output even into a pipe.
        var info = Plain(await kubectl.SucceedAsync("cluster-info"));
        Assert.StartsWith($"Kubernetes control plane is running at {fixture.Server.BaseAddress.ToString().TrimEnd('/')}\n", info, StringComparison.Ordinal);
        Assert.Contains("To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.", info, StringComparison.Ordinal);

        var resources = Rows(await kubectl.SucceedAsync("api-resources"));
        Assert.Equal(["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"], resources[0]);
        Assert.Contains(["services", "svc", "v1", "true", "Service"], resources);
        Assert.Contains(["pods", "po", "v1", "true", "Pod"], resources);
        Assert.Contains(["endpoints", "ep", "v1", "true", "Endpoints"], resources);
        Assert.Contains(["namespaces", "ns", "v1", "false", "Namespace"], resources);
        Assert.Contains(["events", "ev", "v1", "true", "Event"], resources);
        Assert.Contains(["endpointslices", "discovery.k8s.io/v1", "true", "EndpointSlice"], resources);

        var versions = Lines(await kubectl.SucceedAsync("api-versions"));
        Assert.Subset(versions.ToHashSet(), new HashSet<string> { "v1", "coordination.k8s.io/v1", "discovery.k8s.io/v1", "events.k8s.io/v1", "networking.k8s.io/v1" });

        Assert.Equal("ok\n", await kubectl.SucceedAsync("get", "--raw", "/readyz"));
    }

    [ToolFact("kubectl")]
    public async Task Get_prints_yaml_json_name_jsonpath_and_custom_columns()
    {
        var ns = await NewNamespaceAsync();
        await CreateServiceAsync(ns, "web", new Dictionary<string, string> { ["tier"] = "web" }, 80);
        var kubectl = NewKubectl();

        var yaml = await kubectl.SucceedAsync("get", "svc", "web", "-n", ns, "-o", "yaml");
        Assert.StartsWith("apiVersion: v1\nkind: Service\nmetadata:\n", yaml, StringComparison.Ordinal);
        Assert.Contains($"  namespace: {ns}\n", yaml, StringComparison.Ordinal);

        var json = JsonNode.Parse(await kubectl.SucceedAsync("get", "svc", "-n", ns, "-o", "json"))!;
        Assert.Equal("List", (string?)json["kind"]);
        Assert.Equal("web", (string?)json["items"]![0]!["metadata"]!["name"]);

        Assert.Equal("service/web\n", await kubectl.SucceedAsync("get", "svc", "-n", ns, "-o", "name"));
        var ip = await kubectl.SucceedAsync("get", "svc", "web", "-n", ns, "-o", "jsonpath={.spec.clusterIP}");
        Assert.Matches(@"^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$", ip);
        Assert.Equal(["NAME", "PORT", "web", "80"], Words(await kubectl.SucceedAsync("get", "svc", "-n", ns, "-o", "custom-columns=NAME:.metadata.name,PORT:.spec.ports[0].port")));
    }

    [ToolFact("kubectl")]
    public async Task Get_selects_by_label_and_field_shows_labels_and_sorts()
    {
        var ns = await NewNamespaceAsync();
        await CreateServiceAsync(ns, "b-db", new Dictionary<string, string> { ["tier"] = "db" }, 5432);
        await CreateServiceAsync(ns, "a-web", new Dictionary<string, string> { ["tier"] = "web" }, 80);
        var kubectl = NewKubectl();

        var all = Rows(await kubectl.SucceedAsync("get", "svc", "-n", ns));
        Assert.Equal(["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"], all[0]);
        Assert.Equal(["a-web", "b-db"], all.Skip(1).Select(r => r[0]));
        Assert.All(all.Skip(1), r => Assert.Equal(("ClusterIP", "<none>"), (r[1], r[3])));
        Assert.Equal(["80/TCP", "5432/TCP"], all.Skip(1).Select(r => r[4]));

        Assert.Equal(["a-web"], Rows(await kubectl.SucceedAsync("get", "svc", "-n", ns, "-l", "tier=web")).Skip(1).Select(r => r[0]));
        Assert.Equal(["b-db"], Rows(await kubectl.SucceedAsync("get", "svc", "-n", ns, "--field-selector", "metadata.name=b-db")).Skip(1).Select(r => r[0]));

        var labeled = Rows(await kubectl.SucceedAsync("get", "svc", "-n", ns, "--show-labels"));
        Assert.Equal("LABELS", labeled[0][^1]);
        Assert.Equal(["tier=web", "tier=db"], labeled.Skip(1).Select(r => r[^1]));

        var sorted = Rows(await kubectl.SucceedAsync("get", "svc", "-n", ns, "--sort-by=.spec.ports[0].port"));
        Assert.Equal(["a-web", "b-db"], sorted.Skip(1).Select(r => r[0]));
        var byTier = Rows(await kubectl.SucceedAsync("get", "svc", "-n", ns, "--sort-by=.metadata.labels.tier"));
        Assert.Equal(["b-db", "a-web"], byTier.Skip(1).Select(r => r[0]));

        var wide = Rows(await kubectl.SucceedAsync("get", "svc", "-n", ns, "-o", "wide"));
        Assert.Equal(["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE", "SELECTOR"], wide[0]);
        Assert.Equal(["app=a-web", "app=b-db"], wide.Skip(1).Select(r => r[^1]));

        var none = await kubectl.RunAsync("get", "pods", "-n", ns);
        Assert.Equal((0, ""), (none.ExitCode, none.StandardOutput));
        Assert.Equal($"No resources found in {ns} namespace.", none.StandardError.Trim());
    }

    [ToolFact("kubectl")]
    public async Task Run_wait_expose_and_get_all_across_namespaces()
    {
        var ns = await NewNamespaceAsync();
        var kubectl = NewKubectl();
        Assert.Equal("pod/web created\n", await kubectl.SucceedAsync("run", "web", "--image", "nginx", "-n", ns));
        Assert.Equal("pod/web condition met\n", await kubectl.SucceedAsync("wait", "--for=condition=Ready", "pod/web", "-n", ns, "--timeout=60s"));
        Assert.Equal("service/web exposed\n", await kubectl.SucceedAsync("expose", "pod", "web", "--port", "80", "--target-port", "9376", "-n", ns));

        var service = await _client.CoreV1.ReadNamespacedServiceAsync("web", ns);
        Assert.Equal(new Dictionary<string, string> { ["run"] = "web" }, service.Spec.Selector);
        Assert.Equal((80, "9376"), (service.Spec.Ports[0].Port, service.Spec.Ports[0].TargetPort.Value));

        var pods = Rows(await kubectl.SucceedAsync("get", "po", "-n", ns, "-o", "wide"));
        Assert.Equal(["NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE", "NOMINATED", "NODE", "READINESS", "GATES"], pods[0]);
        Assert.Equal(["web", "1/1", "Running", "0"], pods[1][..4]);
        Assert.Matches(@"^10\.244\.\d+\.\d+$", pods[1][5]);
        Assert.Equal(["miniapiserver-node", "<none>", "<none>"], pods[1][6..]);

        // The endpoints of the Service, then everything in the namespace, then across namespaces.
        var endpoints = await Eventually.ValueAsync(async () =>
        {
            var rows = Rows(await kubectl.SucceedAsync("get", "ep", "web", "-n", ns));
            return rows.Count == 2 && rows[1][1] != "<none>" ? rows : null;
        }, "the pod's address in the Endpoints");
        Assert.Equal(["NAME", "ENDPOINTS", "AGE"], endpoints[0]);
        Assert.Equal(pods[1][5] + ":9376", endpoints[1][1]);

        var everything = await kubectl.SucceedAsync("get", "all", "-n", ns);
        Assert.Contains("pod/web", everything, StringComparison.Ordinal);
        Assert.Contains("service/web", everything, StringComparison.Ordinal);

        var across = Rows(await kubectl.SucceedAsync("get", "svc", "-A"));
        Assert.Equal(["NAMESPACE", "NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"], across[0]);
        Assert.Contains(across, r => r[0] == "default" && r[1] == "kubernetes" && r[2] == "ClusterIP" && r[3] == "10.96.0.1" && r[5] == "443/TCP");
        Assert.Contains(across, r => r[0] == ns && r[1] == "web" && r[5] == "80/TCP");

        var namespaces = Rows(await kubectl.SucceedAsync("get", "ns"));
        Assert.Equal(["NAME", "STATUS", "AGE"], namespaces[0]);
        Assert.Contains(namespaces, r => r[0] == ns && r[1] == "Active");

        var described = await kubectl.SucceedAsync("describe", "svc", "web", "-n", ns);
        Assert.Matches($@"(?m)^Endpoints:\s+{Regex.Escape(pods[1][5])}:9376$", described);
    }

    [ToolFact("kubectl")]
    public async Task Describe_shows_every_served_kind()
    {
        var ns = await NewNamespaceAsync();
        var kubectl = NewKubectl();
        await kubectl.SucceedAsync("run", "web", "--image", "nginx", "-n", ns);
        await kubectl.SucceedAsync("wait", "--for=condition=Ready", "pod/web", "-n", ns, "--timeout=60s");
        await kubectl.SucceedAsync("expose", "pod", "web", "--port", "80", "-n", ns);
        await _client.CoordinationV1.CreateNamespacedLeaseAsync(new V1Lease
        {
            Metadata = new V1ObjectMeta { Name = "holder" },
            Spec = new V1LeaseSpec { HolderIdentity = "someone", LeaseDurationSeconds = 15 },
        }, ns);
        await Eventually.TrueAsync(async () => (await _client.CoreV1.ListNamespacedEventAsync(ns)).Items.Count >= 4, "the pod's events");
        var cluster = await _client.CoreV1.ReadNamespacedServiceAsync("web", ns);

        // Each as kubectl prints it against a real cluster: its header lines, and no error.
        Assert.Matches($@"(?m)^Name:\s+{ns}\n(.*\n)*Status:\s+Active$", await kubectl.SucceedAsync("describe", "ns", ns));
        Assert.Matches(@"(?m)^Name:\s+miniapiserver-node$", await kubectl.SucceedAsync("describe", "node", "miniapiserver-node"));
        Assert.Matches(@"(?m)^Status:\s+Running$", await kubectl.SucceedAsync("describe", "pod", "web", "-n", ns));
        Assert.Matches($@"(?m)^IP:\s+{Regex.Escape(cluster.Spec.ClusterIP)}$", await kubectl.SucceedAsync("describe", "svc", "web", "-n", ns));
        Assert.Matches(@"(?m)^  Addresses:\s+10\.244\.\d+\.\d+$", await kubectl.SucceedAsync("describe", "ep", "web", "-n", ns));
        Assert.Matches(@"(?m)^AddressType:\s+IPv4$", await kubectl.SucceedAsync("describe", "endpointslices", "-n", ns));
        Assert.Matches(@"(?m)^  Holder Identity:\s+someone$", await kubectl.SucceedAsync("describe", "lease", "holder", "-n", ns));
        Assert.Matches(@"(?m)^Reason:\s+Scheduled$", await kubectl.SucceedAsync("describe", "events", "-n", ns));
        Assert.Matches(@"(?m)^CIDRs:\s+10\.96\.0\.0/12$", await kubectl.SucceedAsync("describe", "servicecidr", "kubernetes"));
        Assert.Matches(@"(?m)^  Name:\s+web$", await kubectl.SucceedAsync("describe", "ipaddress", cluster.Spec.ClusterIP));
    }

    [ToolFact("kubectl")]
    public async Task Delete_by_name_by_file_by_label_and_all_and_a_namespace_waits_until_it_is_gone()
    {
        var ns = await NewNamespaceAsync();
        var kubectl = NewKubectl();
        foreach (var (name, tier) in new[] { ("one", "a"), ("two", "a"), ("three", "b"), ("four", "b"), ("five", "c") })
        {
            await CreateServiceAsync(ns, name, new Dictionary<string, string> { ["tier"] = tier }, 80);
        }
        Assert.Equal("service \"one\" deleted\n", await kubectl.SucceedAsync("delete", "svc", "one", "-n", ns));
        var file = kubectl.WriteManifest("two.yaml", $"apiVersion: v1\nkind: Service\nmetadata:\n  name: two\n  namespace: {ns}\n");
        Assert.Equal("service \"two\" deleted\n", await kubectl.SucceedAsync("delete", "-f", file));
        Assert.Equal(["service \"four\" deleted", "service \"three\" deleted"], Lines(await kubectl.SucceedAsync("delete", "svc", "-l", "tier=b", "-n", ns)).Order());
        Assert.Equal("service \"five\" deleted\n", await kubectl.SucceedAsync("delete", "svc", "--all", "-n", ns));
        var missing = await kubectl.RunAsync("delete", "svc", "one", "-n", ns);
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal("Error from server (NotFound): services \"one\" not found", missing.StandardError.Trim());

        // A namespace with a running pod: kubectl waits for the pod's graceful end and the namespace's finalization.
        await kubectl.SucceedAsync("run", "sleeper", "--image", "busybox", "-n", ns);
        await kubectl.SucceedAsync("wait", "--for=condition=Ready", "pod/sleeper", "-n", ns, "--timeout=60s");
        Assert.Equal($"namespace \"{ns}\" deleted\n", await kubectl.SucceedAsync("delete", "ns", ns, "--timeout=90s"));
        var gone = await kubectl.RunAsync("get", "ns", ns);
        Assert.Equal(1, gone.ExitCode);
        Assert.Equal($"Error from server (NotFound): namespaces \"{ns}\" not found", gone.StandardError.Trim());
    }

    private Task<string> NewNamespaceAsync() => _client.CreateNamespaceAsync("every");

    private Task<V1Service> CreateServiceAsync(string ns, string name, Dictionary<string, string> labels, int port) =>
        _client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = labels },
            Spec = new V1ServiceSpec
            {
                Selector = new Dictionary<string, string> { ["app"] = name },
                Ports = [new V1ServicePort { Port = port }],
            },
        }, ns);

    private Kubectl NewKubectl() => Kubectl.For(fixture.Server, _scratch);

    /// <summary>A printed table's rows (the header first), each split on runs of blanks.</summary>
    private static List<string[]> Rows(string output) => [.. Lines(output).Select(Words)];

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static string[] Words(string line) => line.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Output without ANSI colour sequences.</summary>
    private static string Plain(string output) => AnsiColour().Replace(output, "");

    [GeneratedRegex(@"\x1b\[[0-9;]*m")]
    private static partial Regex AnsiColour();

}
