using System.Threading.Channels;
using k8s;
using k8s.Models;

namespace MiniApiServer.EndToEnd;

/// <summary>Watch through the real clients against the real server process: the official C# client and kubectl get -w.</summary>
public sealed class WatchClientTests(RunningServer fixture) : IClassFixture<RunningServer>
{
    private static readonly TimeSpan EventWait = TimeSpan.FromSeconds(10);

    private readonly Kubernetes _client = Client.For(fixture.Server);

    [Fact]
    public async Task Official_client_watch_receives_added_modified_and_deleted()
    {
        const string Ns = "watch-client";
        await _client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = Ns } });
        var list = await _client.CoreV1.ListNamespacedServiceAsync(Ns);
        var events = Channel.CreateUnbounded<(WatchEventType Type, V1Service Service)>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        // The client peeks at the first line of a watch before it returns the response, so the request is awaited only
        // after the writes; watching from the list's version replays whatever happened before the watch started.
        var request = _client.CoreV1.ListNamespacedServiceWithHttpMessagesAsync(Ns, watch: true,
            resourceVersion: list.Metadata.ResourceVersion, timeoutSeconds: 60, cancellationToken: stop.Token);

        var created = await _client.CoreV1.CreateNamespacedServiceAsync(Service("web"), Ns);
        var patched = await _client.CoreV1.PatchNamespacedServiceAsync(
            new V1Patch("""{"metadata":{"labels":{"release":"canary"}}}""", V1Patch.PatchType.MergePatch), "web", Ns);
        await _client.CoreV1.DeleteNamespacedServiceAsync("web", Ns);

        using var response = await request;
        // Marked obsolete in KubernetesClient 21 but still what most existing client code calls, so it is what we check.
#pragma warning disable CS0618
        using var watcher = response.Watch<V1Service, V1ServiceList>(
            (type, service) => events.Writer.TryWrite((type, service)),
            onError: e => events.Writer.TryComplete(e),
            onClosed: () => events.Writer.TryComplete());
#pragma warning restore CS0618

        var added = await NextAsync(events.Reader);
        Assert.Equal(WatchEventType.Added, added.Type);
        Assert.Equal(created.Metadata.ResourceVersion, added.Service.Metadata.ResourceVersion);
        var modified = await NextAsync(events.Reader);
        Assert.Equal(WatchEventType.Modified, modified.Type);
        Assert.Equal("canary", modified.Service.Metadata.Labels["release"]);
        Assert.Equal(patched.Metadata.ResourceVersion, modified.Service.Metadata.ResourceVersion);
        var deleted = await NextAsync(events.Reader);
        Assert.Equal(WatchEventType.Deleted, deleted.Type);
        Assert.Equal("web", deleted.Service.Metadata.Name);
        Assert.True(long.Parse(deleted.Service.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture)
            > long.Parse(patched.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture));
    }

    [ToolFact("kubectl")]
    public async Task Kubectl_get_watch_prints_a_service_created_while_it_runs()
    {
        using var scratch = new TempDirectory();
        var kubectl = Kubectl.For(fixture.Server, scratch);
        const string Ns = "watch-kubectl";
        await _client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = Ns } });
        await _client.CoreV1.CreateNamespacedServiceAsync(Service("before"), Ns);

        // --request-timeout bounds the watch request, so kubectl ends by itself after about 8 s.
        var run = kubectl.RunAsync("get", "svc", "-w", "-n", Ns, "--request-timeout=8s");
        await Task.Delay(TimeSpan.FromSeconds(4));
        await _client.CoreV1.CreateNamespacedServiceAsync(Service("a-during"), Ns);
        var result = await run;

        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // "a-during" sorts before "before": printed after it, it came from the watch, not from the initial list.
        // (The server has no Table output yet, so kubectl prints only NAME and AGE.)
        Assert.True(lines.Length == 3, result.ToString());
        Assert.StartsWith("NAME", lines[0]);
        Assert.StartsWith("before ", lines[1]);
        Assert.StartsWith("a-during ", lines[2]);
    }

    private static async Task<(WatchEventType Type, V1Service Service)> NextAsync(ChannelReader<(WatchEventType, V1Service)> reader)
    {
        using var cts = new CancellationTokenSource(EventWait);
        return await reader.ReadAsync(cts.Token);
    }

    private static V1Service Service(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Port = 80 }] },
    };
}
