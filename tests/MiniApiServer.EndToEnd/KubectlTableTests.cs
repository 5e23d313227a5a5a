using System.Text.RegularExpressions;
using k8s;
using k8s.Models;

namespace MiniApiServer.EndToEnd;

/// <summary>
/// What the real kubectl prints from the server-side tables (kubectl-wire.md §5, §10): the columns and cells of
/// services, pods, endpoints and namespaces with <c>-o wide</c>, <c>-A</c>, <c>--show-labels</c>, <c>--sort-by</c>
/// (which asks for whole objects in the rows) and <c>get -w</c> (one-row tables per event), against the real server
/// process with its pod simulator. Each test has its own namespace.
/// </summary>
public sealed partial class KubectlTableTests(RunningServer fixture) : IClassFixture<RunningServer>, IDisposable
{
    private readonly Kubernetes _client = Client.For(fixture.Server);
    private readonly TempDirectory _scratch = new();

    public void Dispose()
    {
        _client.Dispose();
        _scratch.Dispose();
    }

    [ToolFact("kubectl")]
    public async Task Get_wide_prints_the_columns_and_cells_of_services_pods_endpoints_and_namespaces()
    {
        var ns = await NewNamespaceAsync();
        var kubectl = NewKubectl();
        await kubectl.SucceedAsync("create", "-f", kubectl.WriteManifest("seed.yaml", KubectlServiceEndpointsTests.SeedManifest(ns)));
        await Eventually.TrueAsync(async () => (await kubectl.SucceedAsync("get", "endpoints", "my-service", "-n", ns, "-o", "jsonpath={.subsets[*].addresses[*].ip}"))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 3, "three ready addresses");

        var tables = Tables(await kubectl.SucceedAsync("get", "svc,po,ep,ns", "-o", "wide", "-n", ns));

        var services = tables.Single(t => t.Header[0] == "NAME" && t.Header.Contains("CLUSTER-IP"));
        Assert.Equal(["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE", "SELECTOR"], services.Header);
        var service = Assert.Single(services.Rows);
        Assert.Equal("service/my-service", service[0]);
        Assert.Equal("ClusterIP", service[1]);
        Assert.Matches(@"^10\.", service[2]);
        Assert.Equal(["<none>", "80/TCP"], service[3..5]);
        Assert.Matches(Age(), service[5]);
        Assert.Equal("app=MyApp", service[6]);

        var pods = tables.Single(t => t.Header.Contains("READY"));
        Assert.Equal(["NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE", "NOMINATED NODE", "READINESS GATES"], pods.Header);
        Assert.Equal(["pod/my-app-1", "pod/my-app-2", "pod/my-app-3"], pods.Rows.Select(r => r[0]));
        Assert.All(pods.Rows, pod =>
        {
            Assert.Equal(["1/1", "Running", "0"], pod[1..4]);
            Assert.Matches(Age(), pod[4]);
            Assert.Matches(@"^10\.244\.", pod[5]);
            Assert.Equal(["miniapiserver-node", "<none>", "<none>"], pod[6..]);
        });

        var endpoints = tables.Single(t => t.Header.Contains("ENDPOINTS"));
        Assert.Equal(["NAME", "ENDPOINTS", "AGE"], endpoints.Header);
        var row = Assert.Single(endpoints.Rows);
        Assert.Equal("endpoints/my-service", row[0]);
        Assert.Matches(@"^10\.244\.\d+\.\d+:9376,10\.244\.\d+\.\d+:9376,10\.244\.\d+\.\d+:9376$", row[1]);

        var namespaces = tables.Single(t => t.Header.SequenceEqual(["NAME", "STATUS", "AGE"]));
        Assert.Contains(namespaces.Rows, r => r[0] == "namespace/" + ns && r[1] == "Active");
        Assert.Contains(namespaces.Rows, r => r[0] == "namespace/default" && r[1] == "Active");
    }

    [ToolFact("kubectl")]
    public async Task Get_all_namespaces_shows_each_rows_namespace_and_show_labels_its_labels()
    {
        var ns = await NewNamespaceAsync();
        var kubectl = NewKubectl();
        await kubectl.SucceedAsync("run", "web", "--image", "nginx", "-n", ns, "--labels", "app=web,tier=front");

        var all = Tables(await kubectl.SucceedAsync("get", "pods", "-A")).Single();
        Assert.Equal(["NAMESPACE", "NAME", "READY", "STATUS", "RESTARTS", "AGE"], all.Header);
        Assert.Contains(all.Rows, r => r[0] == ns && r[1] == "web");

        var labelled = Tables(await kubectl.SucceedAsync("get", "pods", "-n", ns, "--show-labels")).Single();
        Assert.Equal(["NAME", "READY", "STATUS", "RESTARTS", "AGE", "LABELS"], labelled.Header);
        Assert.Equal("app=web,tier=front", Assert.Single(labelled.Rows)[5]);

        var services = Tables(await kubectl.SucceedAsync("get", "svc", "-A")).Single();
        Assert.Equal(["NAMESPACE", "NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"], services.Header);
        Assert.Contains(services.Rows, r => r[0] == "default" && r[1] == "kubernetes" && r[3] == "10.96.0.1" && r[5] == "443/TCP");
    }

    [ToolFact("kubectl")]
    public async Task Sort_by_orders_the_rows_by_the_whole_objects_it_asks_for()
    {
        var ns = await NewNamespaceAsync();
        var kubectl = NewKubectl();
        foreach (var name in new[] { "charlie", "alpha", "bravo" })
        {
            await _client.CoreV1.CreateNamespacedServiceAsync(new V1Service
            {
                Metadata = new V1ObjectMeta { Name = name },
                Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Port = 80 }] },
            }, ns);
        }
        var byName = Tables(await kubectl.SucceedAsync("get", "svc", "-n", ns, "--sort-by=.metadata.name")).Single();
        Assert.Equal(["alpha", "bravo", "charlie"], byName.Rows.Select(r => r[0]));
        var byIp = Tables(await kubectl.SucceedAsync("get", "svc", "-n", ns, "--sort-by=.spec.clusterIP")).Single();
        // kubectl compares the field as text, and can only because the rows carry the whole objects (includeObject=Object).
        Assert.Equal(byIp.Rows.Select(r => r[2]).Order(StringComparer.Ordinal), byIp.Rows.Select(r => r[2]));
    }

    [ToolFact("kubectl")]
    public async Task Get_pods_watch_prints_a_row_per_change_under_one_header()
    {
        var ns = await NewNamespaceAsync();
        var kubectl = NewKubectl();
        var output = await kubectl.WatchUntilAsync(
            text => Regex.IsMatch(text, @"^late\s+1/1\s+Running\s+0\s+\d+s\s*$", RegexOptions.Multiline),
            Eventually.Patience,
            async () =>
            {
                // kubectl lists first (nothing), then watches from the list's version: the pod made after that is printed.
                await Task.Delay(TimeSpan.FromSeconds(2));
                await _client.CoreV1.CreateNamespacedPodAsync(new V1Pod
                {
                    Metadata = new V1ObjectMeta { Name = "late" },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "nginx" }] },
                }, ns);
            },
            "get", "pods", "-w", "-n", ns);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["NAME", "READY", "STATUS", "RESTARTS", "AGE"], Cells(lines[0]));
        Assert.Single(lines, l => l.StartsWith("NAME", StringComparison.Ordinal));
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^late\s+0/1\s+Pending\s+0\s+\d+s$"));
    }

    /// <summary>The tables of kubectl's output: blank lines separate them, the first line of each is its header.</summary>
    private static List<(string[] Header, List<string[]> Rows)> Tables(string output) =>
    [
        .. output.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(block => block.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            .Select(lines => (Cells(lines[0]), lines.Skip(1).Select(Cells).ToList())),
    ];

    /// <summary>A line's cells: kubectl pads columns with at least three spaces, and cells hold at most one in a row.</summary>
    private static string[] Cells(string line) => ColumnGap().Split(line.Trim());

    [GeneratedRegex(@"\s{2,}")]
    private static partial Regex ColumnGap();

    [GeneratedRegex(@"^\d+(s|m\d*s?)$")]
    private static partial Regex Age();

    private Task<string> NewNamespaceAsync() => _client.CreateNamespaceAsync("tbl");

    private Kubectl NewKubectl() => Kubectl.For(fixture.Server, _scratch);

}
