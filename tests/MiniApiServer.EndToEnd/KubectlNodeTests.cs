using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace MiniApiServer.EndToEnd;

/// <summary>
/// The real kubectl on core/v1 Nodes of the real server process: a cluster-scoped kind found through /api/v1
/// discovery (with its short name <c>no</c>), its field selector, and the pod binding the official client sends.
/// Node names are unique per test, because the server is shared by the class.
/// </summary>
public sealed class KubectlNodeTests(RunningServer fixture) : IClassFixture<RunningServer>, IDisposable
{
    private readonly Kubernetes _client = Client.For(fixture.Server);
    private readonly TempDirectory _scratch = new();

    public void Dispose()
    {
        _client.Dispose();
        _scratch.Dispose();
    }

    [ToolFact("kubectl")]
    public async Task Kubectl_get_nodes_lists_a_node_registered_through_the_api()
    {
        var name = await NewNodeAsync(unschedulable: false);

        var rows = Rows(await NewKubectl().SucceedAsync("get", "nodes"));

        Assert.Equal("NAME", rows[0][0]);
        Assert.Contains(rows, row => row[0] == name);
    }

    [ToolFact("kubectl")]
    public async Task Kubectl_get_no_as_json_shows_the_status_the_node_was_created_with()
    {
        var name = await NewNodeAsync(unschedulable: false);

        var node = JsonNode.Parse(await NewKubectl().SucceedAsync("get", "no", name, "-o", "json"))!;

        Assert.Equal(("Node", "v1", name), ((string?)node["kind"], (string?)node["apiVersion"], (string?)node["metadata"]!["name"]));
        Assert.Null(node["metadata"]!["namespace"]);
        Assert.Equal(("4", "4"), ((string?)node["status"]!["capacity"]!["cpu"], (string?)node["status"]!["allocatable"]!["cpu"]));
        Assert.Equal("KubeletReady", (string?)node["status"]!["conditions"]![0]!["reason"]);
    }

    [ToolFact("kubectl")]
    public async Task Kubectl_selects_cordoned_nodes_and_deletes_one()
    {
        var cordoned = await NewNodeAsync(unschedulable: true);
        var ready = await NewNodeAsync(unschedulable: false);
        var kubectl = NewKubectl();

        var names = Rows(await kubectl.SucceedAsync("get", "nodes", "--field-selector", "spec.unschedulable=true")).Skip(1).Select(row => row[0]).ToList();
        Assert.Contains(cordoned, names);
        Assert.DoesNotContain(ready, names);

        Assert.Equal($"node \"{cordoned}\" deleted", (await kubectl.SucceedAsync("delete", "node", cordoned)).Trim());
        var gone = await kubectl.RunAsync("get", "node", cordoned);
        Assert.Equal(1, gone.ExitCode);
        Assert.Contains($"Error from server (NotFound): nodes \"{cordoned}\" not found", gone.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_official_client_binds_a_pod_to_a_node()
    {
        var node = await NewNodeAsync(unschedulable: false);
        var pod = "bound-" + Guid.NewGuid().ToString("N")[..8];
        await _client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = pod },
            // Another scheduler's pod: the built-in simulator (the default scheduler here) leaves it to this test.
            Spec = new V1PodSpec { SchedulerName = "test-scheduler", Containers = [new V1Container { Name = "app", Image = "nginx" }] },
        }, "default");

        await _client.CoreV1.CreateNamespacedPodBindingAsync(new V1Binding
        {
            Metadata = new V1ObjectMeta { Name = pod },
            Target = new V1ObjectReference { Kind = "Node", Name = node },
        }, pod, "default");

        var bound = await _client.CoreV1.ReadNamespacedPodAsync(pod, "default");
        Assert.Equal(node, bound.Spec.NodeName);
        Assert.Contains(bound.Status.Conditions, c => c.Type == "PodScheduled" && c.Status == "True");
    }

    private Kubectl NewKubectl() => Kubectl.For(fixture.Server, _scratch);

    private async Task<string> NewNodeAsync(bool unschedulable)
    {
        var name = "node-" + Guid.NewGuid().ToString("N")[..8];
        await _client.CoreV1.CreateNodeAsync(new V1Node
        {
            Metadata = new V1ObjectMeta { Name = name },
            Spec = new V1NodeSpec { Unschedulable = unschedulable },
            Status = new V1NodeStatus
            {
                Capacity = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("4"), ["memory"] = new("8Gi"), ["pods"] = new("110") },
                Conditions = [new V1NodeCondition { Type = "Ready", Status = "True", Reason = "KubeletReady", Message = "kubelet is posting ready status" }],
            },
        });
        return name;
    }

    /// <summary>kubectl's table output, one array of columns per line (header first).</summary>
    private static List<string[]> Rows(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToList();
}
