using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace MiniApiServer.EndToEnd;

/// <summary>
/// The real kubectl on coordination.k8s.io/v1 Leases of the real server process: a group outside the core API, so
/// kubectl finds it through /apis discovery and prints the group-qualified resource (leases.coordination.k8s.io) in
/// its messages. Each test works in its own namespace, because the server is shared by the class.
/// </summary>
public sealed class KubectlLeaseTests(RunningServer fixture) : IClassFixture<RunningServer>, IDisposable
{
    // Six fractional digits: a Lease's times are MicroTimes, written back as Go writes them.
    private static readonly DateTime RenewTime = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(1_234_560);
    private const string RenewTimeText = "2026-01-02T03:04:05.123456Z";

    private readonly Kubernetes _client = Client.For(fixture.Server);
    private readonly TempDirectory _scratch = new();

    public void Dispose()
    {
        _client.Dispose();
        _scratch.Dispose();
    }

    [ToolFact("kubectl")]
    public async Task Kubectl_get_leases_in_all_namespaces_lists_a_lease_created_through_the_api()
    {
        var ns = await NewNamespaceAsync();
        await _client.CoordinationV1.CreateNamespacedLeaseAsync(Lease("mini-leader", "a"), ns);

        var output = await NewKubectl().SucceedAsync("get", "leases", "-A");

        var rows = Rows(output);
        Assert.Equal(["NAMESPACE", "NAME"], rows[0][..2]);
        Assert.Contains(rows, row => row[0] == ns && row[1] == "mini-leader");
    }

    [ToolFact("kubectl")]
    public async Task Kubectl_get_lease_as_json_returns_kind_apiVersion_and_spec()
    {
        var ns = await NewNamespaceAsync();
        await _client.CoordinationV1.CreateNamespacedLeaseAsync(Lease("mini-leader", "a"), ns);

        var lease = JsonNode.Parse(await NewKubectl().SucceedAsync("get", "lease", "mini-leader", "-n", ns, "-o", "json"))!;

        Assert.Equal(("Lease", "coordination.k8s.io/v1"), ((string?)lease["kind"], (string?)lease["apiVersion"]));
        Assert.Equal(("mini-leader", ns), ((string?)lease["metadata"]!["name"], (string?)lease["metadata"]!["namespace"]));
        var spec = lease["spec"]!;
        Assert.Equal(("a", 15, 2), ((string?)spec["holderIdentity"], (int)spec["leaseDurationSeconds"]!, (int)spec["leaseTransitions"]!));
        Assert.Equal(RenewTimeText, (string?)spec["renewTime"]);
    }

    [ToolFact("kubectl")]
    public async Task Kubectl_create_from_a_manifest_creates_a_lease()
    {
        var ns = await NewNamespaceAsync();
        var kubectl = NewKubectl();
        var manifest = kubectl.WriteManifest("lease.yaml", $"""
            apiVersion: coordination.k8s.io/v1
            kind: Lease
            metadata:
              name: node-1
              namespace: {ns}
            spec:
              holderIdentity: node-1
              leaseDurationSeconds: 40
              renewTime: "{RenewTimeText}"
            """);

        var created = await kubectl.SucceedAsync("create", "-f", manifest);

        Assert.Equal("lease.coordination.k8s.io/node-1 created", created.Trim());
        var lease = await _client.CoordinationV1.ReadNamespacedLeaseAsync("node-1", ns);
        Assert.Equal(("node-1", 40, RenewTime), (lease.Spec.HolderIdentity, lease.Spec.LeaseDurationSeconds, lease.Spec.RenewTime));
    }

    [ToolFact("kubectl")]
    public async Task Kubectl_delete_lease_removes_it_and_a_later_get_is_NotFound()
    {
        var ns = await NewNamespaceAsync();
        await _client.CoordinationV1.CreateNamespacedLeaseAsync(Lease("mini-leader", "a"), ns);
        var kubectl = NewKubectl();

        var deleted = await kubectl.SucceedAsync("delete", "lease", "mini-leader", "-n", ns);

        Assert.Equal("lease.coordination.k8s.io \"mini-leader\" deleted", deleted.Trim());
        var gone = await kubectl.RunAsync("get", "lease", "mini-leader", "-n", ns);
        Assert.Equal(1, gone.ExitCode);
        Assert.Contains("Error from server (NotFound): leases.coordination.k8s.io \"mini-leader\" not found", gone.StandardError, StringComparison.Ordinal);
        var e = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoordinationV1.ReadNamespacedLeaseAsync("mini-leader", ns));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, e.Response.StatusCode);
    }

    [ToolFact("kubectl")]
    public async Task Kubectl_get_leases_watch_prints_a_lease_created_while_it_runs()
    {
        var ns = await NewNamespaceAsync();
        await _client.CoordinationV1.CreateNamespacedLeaseAsync(Lease("before", "a"), ns);

        // -A watches the cluster-wide path (/apis/coordination.k8s.io/v1/leases?watch=true). --request-timeout bounds
        // the watch request, so kubectl ends by itself after about 8 s.
        var run = NewKubectl().RunAsync("get", "leases", "-A", "--watch", "--request-timeout=8s");
        await Task.Delay(TimeSpan.FromSeconds(4));
        await _client.CoordinationV1.CreateNamespacedLeaseAsync(Lease("a-during", "b"), ns);
        var result = await run;

        // "a-during" sorts before "before": printed after it, it came from the watch, not from the initial list.
        // Other tests' leases may be listed too (the server is shared); only this namespace's rows are checked.
        var mine = Rows(result.StandardOutput).Where(row => row[0] == ns).Select(row => row[1]).ToList();
        Assert.True(mine.SequenceEqual(["before", "a-during"]), result.ToString());
    }

    private Kubectl NewKubectl() => Kubectl.For(fixture.Server, _scratch);

    private async Task<string> NewNamespaceAsync()
    {
        var name = "lease-" + Guid.NewGuid().ToString("N")[..8];
        await _client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        return name;
    }

    private static V1Lease Lease(string name, string holder) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1LeaseSpec
        {
            HolderIdentity = holder,
            LeaseDurationSeconds = 15,
            LeaseTransitions = 2,
            AcquireTime = RenewTime,
            RenewTime = RenewTime,
        },
    };

    /// <summary>kubectl's table output, one array of columns per line (header first).</summary>
    private static List<string[]> Rows(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToList();
}
