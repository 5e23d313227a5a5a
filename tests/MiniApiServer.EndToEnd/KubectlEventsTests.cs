using k8s;
using k8s.Models;

namespace MiniApiServer.EndToEnd;

/// <summary>
/// Events as kubectl shows them, from the real server process: <c>describe pod</c> lists what the simulated scheduler
/// and kubelet recorded under <c>Events:</c>, <c>describe svc</c> has its Events section, and <c>get events</c> /
/// <c>get ev -A</c> list them (kubectl-wire.md §9.1, §9.2). Columns are another part's; these assert names and reasons.
/// </summary>
public sealed class KubectlEventsTests(RunningServer fixture) : IClassFixture<RunningServer>, IDisposable
{
    private readonly Kubernetes _client = Client.For(fixture.Server);
    private readonly TempDirectory _scratch = new();

    public void Dispose()
    {
        _client.Dispose();
        _scratch.Dispose();
    }

    [ToolFact("kubectl")]
    public async Task Describe_pod_shows_the_scheduler_and_kubelet_events()
    {
        var ns = await NewNamespaceAsync();
        var kubectl = NewKubectl();
        await CreatePodAsync(kubectl, ns);

        var result = await kubectl.RunAsync("describe", "pod", "web", "-n", ns);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("error", result.StandardError, StringComparison.OrdinalIgnoreCase);
        var events = result.StandardOutput[result.StandardOutput.IndexOf("Events:", StringComparison.Ordinal)..];
        var rows = events.Split('\n').Select(l => l.Trim()).ToList();
        Assert.Contains(rows, r => r.StartsWith("Normal  Scheduled", StringComparison.Ordinal) && r.Contains("default-scheduler", StringComparison.Ordinal)
            && r.EndsWith($"Successfully assigned {ns}/web to miniapiserver-node", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.StartsWith("Normal  Pulled", StringComparison.Ordinal) && r.Contains("kubelet", StringComparison.Ordinal)
            && r.EndsWith("Container image \"nginx:1.27\" already present on machine", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.StartsWith("Normal  Created", StringComparison.Ordinal) && r.EndsWith("Created container: web", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.StartsWith("Normal  Started", StringComparison.Ordinal) && r.EndsWith("Started container web", StringComparison.Ordinal));
    }

    [ToolFact("kubectl")]
    public async Task Describe_service_has_its_events_section()
    {
        var ns = await NewNamespaceAsync();
        var kubectl = NewKubectl();
        await kubectl.SucceedAsync("create", "-f", kubectl.WriteManifest("svc.yaml", $"""
            apiVersion: v1
            kind: Service
            metadata: {"{"}name: my-service, namespace: {ns}{"}"}
            spec:
              ports: [{"{"}port: 80, targetPort: 8080{"}"}]

            """));
        var result = await kubectl.RunAsync("describe", "svc", "my-service", "-n", ns);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("error", result.StandardError, StringComparison.OrdinalIgnoreCase);
        Assert.Matches(@"\nEvents:\s+<none>\n", result.StandardOutput);
    }

    [ToolFact("kubectl")]
    public async Task Get_events_and_get_ev_all_namespaces_list_them()
    {
        var ns = await NewNamespaceAsync();
        var kubectl = NewKubectl();
        await CreatePodAsync(kubectl, ns);

        var names = (await kubectl.SucceedAsync("get", "events", "-n", ns, "-o", "name")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, names.Length);
        Assert.All(names, n => Assert.StartsWith("event/web.", n, StringComparison.Ordinal));
        // Upstream's columns: the name is a wide column.
        var table = (await kubectl.SucceedAsync("get", "events", "-n", ns)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$", table[0]);
        Assert.Equal(["Created", "Pulled", "Scheduled", "Started"], table.Skip(1).Select(r => r.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2]).Order(StringComparer.Ordinal));
        Assert.All(table.Skip(1), r => Assert.Contains(" pod/web ", r, StringComparison.Ordinal));
        var wide = await kubectl.SucceedAsync("get", "events", "-n", ns, "-o", "wide");
        Assert.Matches(@"^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+SUBOBJECT\s+SOURCE\s+MESSAGE\s+FIRST SEEN\s+COUNT\s+NAME\n", wide);
        Assert.All(names, n => Assert.Contains(n["event/".Length..], wide, StringComparison.Ordinal));

        var all = await kubectl.SucceedAsync("get", "ev", "-A", "-o", "jsonpath={range .items[*]}{.metadata.namespace} {.reason}{\"\\n\"}{end}");
        var mine = all.Split('\n').Where(l => l.StartsWith(ns + " ", StringComparison.Ordinal)).Select(l => l[(ns.Length + 1)..]).Order(StringComparer.Ordinal);
        Assert.Equal(["Created", "Pulled", "Scheduled", "Started"], mine);
        // The same objects through events.k8s.io.
        var v1 = await kubectl.SucceedAsync("get", "events.v1.events.k8s.io", "-n", ns, "-o", "jsonpath={.items[*].regarding.name}");
        Assert.Equal(["web", "web", "web", "web"], v1.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>A pod the simulator runs, and its four events recorded.</summary>
    private async Task CreatePodAsync(Kubectl kubectl, string ns)
    {
        await kubectl.SucceedAsync("run", "web", "--image=nginx:1.27", "-n", ns);
        await Eventually.TrueAsync(async () => (await _client.CoreV1.ListNamespacedEventAsync(ns)).Items.Count >= 4, "the pod's four events");
    }

    private Task<string> NewNamespaceAsync() => _client.CreateNamespaceAsync("ev");

    private Kubectl NewKubectl() => Kubectl.For(fixture.Server, _scratch);
}
