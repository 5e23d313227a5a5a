using System.Collections.Concurrent;
using System.Net;
using System.Text;
using k8s;
using k8s.Models;
using Xunit.Abstractions;

namespace MiniApiServer.EndToEnd;

/// <summary>What is written survives the process: a graceful stop, and kill -9 after every acknowledged write.</summary>
public sealed class RestartTests(ITestOutputHelper output)
{
    /// <summary>Storage alone: no controller or simulator writes (or deletes orphaned Endpoints) between the test's writes.</summary>
    private static readonly string[] StorageOnly = ["--controllers=namespace", "--pod-simulator=false"];

    [Fact]
    public async Task A_graceful_restart_keeps_every_object_and_resource_versions_keep_increasing()
    {
        using var data = new TempDirectory();
        var written = new List<(string Kind, string Name, string Uid, string ResourceVersion)>();
        long highest;
        await using (var first = await ServerProcess.StartAsync(data.Path, StorageOnly))
        {
            using var client = Client.For(first);
            await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "keep" } });
            var svc = await client.CoreV1.CreateNamespacedServiceAsync(ClientBlackBoxTests.Service("web", "frontend"), "keep");
            var pod = await client.CoreV1.CreateNamespacedPodAsync(new V1Pod
            {
                Metadata = new V1ObjectMeta { Name = "nginx" },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "nginx", Image = "nginx" }] },
            }, "keep");
            var ep = await client.CoreV1.CreateNamespacedEndpointsAsync(new V1Endpoints
            {
                Metadata = new V1ObjectMeta { Name = "web" },
                Subsets = [new V1EndpointSubset { Addresses = [new V1EndpointAddress { Ip = "192.0.2.42" }], Ports = [new Corev1EndpointPort { Port = 9376 }] }],
            }, "keep");
            svc = await client.CoreV1.PatchNamespacedServiceAsync(new V1Patch("""{"metadata":{"labels":{"v":"2"}}}""", V1Patch.PatchType.MergePatch), "web", "keep");
            written.Add(("services", "web", svc.Metadata.Uid, svc.Metadata.ResourceVersion));
            written.Add(("pods", "nginx", pod.Metadata.Uid, pod.Metadata.ResourceVersion));
            written.Add(("endpoints", "web", ep.Metadata.Uid, ep.Metadata.ResourceVersion));
            highest = long.Parse((await client.CoreV1.ListServiceForAllNamespacesAsync()).Metadata.ResourceVersion);

            Assert.Equal(0, await first.StopAsync());
        }

        await using var second = await ServerProcess.StartAsync(data.Path, StorageOnly);
        using var again = Client.For(second);
        Assert.Equal("Active", (await again.CoreV1.ReadNamespaceAsync("keep")).Status.Phase);
        foreach (var (kind, name, uid, rv) in written)
        {
            var found = await ReadAsync(again, kind, name, "keep");
            Assert.Equal((uid, rv), (found.Uid, found.ResourceVersion));
        }
        var labels = (await again.CoreV1.ReadNamespacedServiceAsync("web", "keep")).Metadata.Labels;
        Assert.Equal("2", labels["v"]);
        Assert.Contains("kubernetes", (await again.CoreV1.ListNamespacedServiceAsync("default")).Items.Select(s => s.Metadata.Name));

        var listRv = long.Parse((await again.CoreV1.ListPodForAllNamespacesAsync()).Metadata.ResourceVersion);
        Assert.True(listRv >= highest, $"list resourceVersion {listRv} went back from {highest}");
        var next = await again.CoreV1.CreateNamespacedServiceAsync(ClientBlackBoxTests.Service("api", "backend"), "keep");
        Assert.True(long.Parse(next.Metadata.ResourceVersion) > highest,
            $"a write after the restart got resourceVersion {next.Metadata.ResourceVersion}, not above {highest}");
    }

    [Fact]
    public async Task Every_create_acknowledged_before_kill_9_is_there_after_restart()
    {
        using var data = new TempDirectory();
        var acknowledged = new ConcurrentBag<string>();
        await using (var first = await ServerProcess.StartAsync(data.Path, StorageOnly))
        {
            using var http = new HttpClient { BaseAddress = first.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var name = $"w{w}-{i}";
                    var body = $$$"""{"apiVersion":"v1","kind":"Endpoints","metadata":{"name":"{{{name}}}"}}""";
                    try
                    {
                        using var response = await http.PostAsync("/api/v1/namespaces/default/endpoints",
                            new StringContent(body, Encoding.UTF8, "application/json"));
                        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                        acknowledged.Add(name);
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        // The server died under this request: it was never acknowledged.
                        return;
                    }
                }
            })).ToList();

            // Kill while writes are in flight, once enough have been acknowledged to make the check meaningful.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            while (acknowledged.Count < 200 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
            await first.KillAsync();
            await stop.CancelAsync();
            await Task.WhenAll(writers);
        }
        Assert.True(acknowledged.Count >= 50, $"only {acknowledged.Count} creates were acknowledged before the kill");

        await using var second = await ServerProcess.StartAsync(data.Path, StorageOnly);
        using var again = Client.For(second);
        var stored = (await again.CoreV1.ListNamespacedEndpointsAsync("default")).Items.Select(e => e.Metadata.Name).ToHashSet();
        var lost = acknowledged.Where(name => !stored.Contains(name)).ToList();
        output.WriteLine($"{acknowledged.Count} creates acknowledged before kill -9, {stored.Count} endpoints stored after restart");
        Assert.True(lost.Count == 0, $"{lost.Count} of {acknowledged.Count} acknowledged creates were lost: {string.Join(", ", lost.Take(20))}");
    }

    private static async Task<V1ObjectMeta> ReadAsync(Kubernetes client, string kind, string name, string ns) => kind switch
    {
        "services" => (await client.CoreV1.ReadNamespacedServiceAsync(name, ns)).Metadata,
        "pods" => (await client.CoreV1.ReadNamespacedPodAsync(name, ns)).Metadata,
        "endpoints" => (await client.CoreV1.ReadNamespacedEndpointsAsync(name, ns)).Metadata,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
