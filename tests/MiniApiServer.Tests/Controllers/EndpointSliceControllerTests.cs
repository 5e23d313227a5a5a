using System.Text.Json.Nodes;
using static MiniApiServer.Tests.Controllers.ControllerKit;
using static MiniApiServer.Tests.Controllers.SliceKit;

namespace MiniApiServer.Tests.Controllers;

/// <summary>The endpointslice controller over HTTP: slices agree with Endpoints, conditions, placeholder, capacity, nodes.</summary>
public sealed class EndpointSliceControllerTests
{
    private const string Managed = "endpointslice-controller.k8s.io";
    private const string MyService = """{"metadata":{"name":"my-service","labels":{"team":"a"}},"spec":{"selector":{"app":"MyApp"},"ports":[{"name":"web","port":80,"targetPort":9376}]}}""";
    private const string MyApp = """{"app":"MyApp"}""";

    private static async Task CreateNode(ApiServer server, string name = "n1") =>
        await HttpAssert.Json(await server.PostAsync("/api/v1/nodes", "{\"metadata\":{\"name\":\"" + name + "\"}}"), 201);

    [Fact]
    public async Task Slices_agree_with_endpoints()
    {
        await using var server = ApiServer.Start();
        await CreateNode(server);
        for (var i = 1; i <= 3; i++)
        {
            await CreatePod(server, $"p{i}", MyApp, ["9376"], nodeName: "n1");
            await SetStatus(server, $"p{i}", $"10.244.0.{i}", ready: i != 3);
        }
        await CreateService(server, MyService);
        var endpoints = await WaitEndpoints(server, "my-service", e => Summary(e) == "10.244.0.1,10.244.0.2 | 10.244.0.3 | web:9376/TCP", "the Endpoints");
        var slices = await WaitSlices(server, "my-service", s => SliceKit.Summary(s) == "10.244.0.1 T/T/F ; 10.244.0.2 T/T/F ; 10.244.0.3 F/F/F", "the slice", Managed);
        var slice = Assert.Single(slices)!;
        Assert.Equal("IPv4", (string?)slice["addressType"]);
        Assert.StartsWith("my-service-", (string?)slice["metadata"]!["name"], StringComparison.Ordinal);
        Assert.Equal("a", (string?)slice["metadata"]!["labels"]!["team"]);
        Assert.Equal("Service", (string?)slice["metadata"]!["ownerReferences"]![0]!["kind"]);
        Assert.Equal(true, (bool?)slice["metadata"]!["ownerReferences"]![0]!["controller"]);
        KindAssert("web", 9376, "TCP", slice["ports"]![0]!);
        var endpoint = slice["endpoints"]!.AsArray().Single(e => (string?)e!["addresses"]![0] == "10.244.0.1")!;
        Assert.Equal("n1", (string?)endpoint["nodeName"]);
        Assert.Equal("p1", (string?)endpoint["targetRef"]!["name"]);
        Assert.Equal((string?)endpoints!["subsets"]![0]!["addresses"]![0]!["targetRef"]!["uid"], (string?)endpoint["targetRef"]!["uid"]);
    }

    private static void KindAssert(string name, int port, string protocol, JsonNode actual)
    {
        Assert.Equal(name, (string?)actual["name"]);
        Assert.Equal(port, (int?)actual["port"]);
        Assert.Equal(protocol, (string?)actual["protocol"]);
    }

    [Fact]
    public async Task Readiness_and_termination_show_in_the_conditions()
    {
        await using var server = ApiServer.Start();
        await CreateNode(server);
        await CreatePod(server, "p1", MyApp, ["9376"], nodeName: "n1");
        await SetStatus(server, "p1", "10.244.0.1", ready: false);
        await CreateService(server, MyService);
        await WaitSlices(server, "my-service", s => SliceKit.Summary(s) == "10.244.0.1 F/F/F", "not ready", Managed);
        await SetStatus(server, "p1", "10.244.0.1", ready: true);
        await WaitSlices(server, "my-service", s => SliceKit.Summary(s) == "10.244.0.1 T/T/F", "ready", Managed);
        await HttpAssert.Json(await server.DeleteAsync(PodPath() + "/p1"), 200);
        // Terminating: still serving, no longer ready; the Endpoints drops it.
        await WaitSlices(server, "my-service", s => SliceKit.Summary(s) == "10.244.0.1 F/T/T", "terminating", Managed);
        await WaitEndpoints(server, "my-service", e => Summary(e) == "", "the Endpoints without it");
    }

    [Fact]
    public async Task A_service_without_pods_has_one_placeholder_slice()
    {
        await using var server = ApiServer.Start();
        await CreateService(server, MyService);
        var slice = Assert.Single(await WaitSlices(server, "my-service", s => s.Count == 1, "a placeholder", Managed))!;
        Assert.Null(slice["endpoints"]?.AsArray().FirstOrDefault());
        Assert.Null(slice["ports"]?.AsArray().FirstOrDefault());
        // Still one, and the same one, after the Service changes.
        await HttpAssert.Json(await server.PatchAsync(ServicesPath() + "/my-service", """{"metadata":{"annotations":{"x":"y"}}}"""), 200);
        await Task.Delay(300);
        var again = Assert.Single(await Slices(server, "my-service", Managed))!;
        Assert.Equal((string?)slice["metadata"]!["uid"], (string?)again["metadata"]!["uid"]);
    }

    [Fact]
    public async Task A_pod_on_a_node_that_does_not_exist_is_left_out_until_the_node_appears()
    {
        await using var server = ApiServer.Start();
        await CreateNode(server);
        await CreatePod(server, "here", MyApp, ["9376"], nodeName: "n1");
        await CreatePod(server, "elsewhere", MyApp, ["9376"], nodeName: "n2");
        await SetStatus(server, "here", "10.244.0.1", ready: true);
        await SetStatus(server, "elsewhere", "10.244.0.2", ready: true);
        await CreateService(server, MyService);
        await WaitSlices(server, "my-service", s => SliceKit.Summary(s) == "10.244.0.1 T/T/F", "only the pod on n1", Managed);
        // The Endpoints does not look at nodes.
        await WaitEndpoints(server, "my-service", e => Summary(e) == "10.244.0.1,10.244.0.2 |  | web:9376/TCP", "both in the Endpoints");
        await CreateNode(server, "n2");
        await WaitSlices(server, "my-service", s => SliceKit.Summary(s) == "10.244.0.1 T/T/F ; 10.244.0.2 T/T/F", "both once n2 exists", Managed);
    }

    [Fact]
    public async Task More_than_100_pods_spread_over_slices_of_at_most_100()
    {
        await using var server = ApiServer.Start();
        await CreateNode(server);
        await CreateService(server, MyService);
        await Parallel.ForEachAsync(Enumerable.Range(0, 130), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            await CreatePod(server, $"p{i}", MyApp, ["9376"], nodeName: "n1");
            await SetStatus(server, $"p{i}", $"10.244.{i / 200}.{(i % 200) + 1}", ready: true);
        });
        var slices = await WaitSlices(server, "my-service",
            s => s.Sum(x => x!["endpoints"]?.AsArray().Count ?? 0) == 130, "130 endpoints", Managed);
        Assert.All(slices, s => Assert.True(s!["endpoints"]!.AsArray().Count <= 100));
        Assert.Equal(2, slices.Count);
    }

    [Fact]
    public async Task Deleting_the_service_removes_its_slices_and_a_deleted_slice_comes_back()
    {
        await using var server = ApiServer.Start();
        await CreateNode(server);
        await CreatePod(server, "p1", MyApp, ["9376"], nodeName: "n1");
        await SetStatus(server, "p1", "10.244.0.1", ready: true);
        await CreateService(server, MyService);
        var slice = Assert.Single(await WaitSlices(server, "my-service", s => SliceKit.Summary(s) == "10.244.0.1 T/T/F", "the slice", Managed))!;
        await HttpAssert.Json(await server.DeleteAsync(SlicesPath() + "/" + (string?)slice["metadata"]!["name"]), 200);
        await WaitSlices(server, "my-service",
            s => s.Count == 1 && (string?)s[0]!["metadata"]!["uid"] != (string?)slice["metadata"]!["uid"] && SliceKit.Summary(s) == "10.244.0.1 T/T/F",
            "a new slice", Managed);
        await HttpAssert.Json(await server.DeleteAsync(ServicesPath() + "/my-service"), 200);
        await WaitSlices(server, "my-service", s => s.Count == 0, "no slices", Managed);
    }

    [Fact]
    public async Task A_selectorless_service_gets_no_managed_slices()
    {
        await using var server = ApiServer.Start();
        await CreateNode(server);
        await CreatePod(server, "p1", MyApp, ["9376"], nodeName: "n1");
        await SetStatus(server, "p1", "10.244.0.1", ready: true);
        await CreateService(server, """{"metadata":{"name":"plain"},"spec":{"ports":[{"port":80}]}}""");
        await CreateService(server, MyService);
        await WaitSlices(server, "my-service", s => s.Count == 1, "the selector Service's slice", Managed);
        Assert.Empty(await Slices(server, "plain", Managed));
    }

    [Fact]
    public async Task A_restart_with_nothing_changed_rewrites_no_slice()
    {
        var dir = Path.Combine(Path.GetTempPath(), "miniapiserver-tests", Guid.NewGuid().ToString("N"));
        try
        {
            string before;
            await using (var server = ApiServer.Start(dir))
            {
                await CreateNode(server);
                await CreatePod(server, "p1", MyApp, ["9376"], nodeName: "n1");
                await SetStatus(server, "p1", "10.244.0.1", ready: true);
                await CreateService(server, MyService);
                await CreateService(server, """{"metadata":{"name":"empty"},"spec":{"selector":{"app":"none"},"ports":[{"port":80}]}}""");
                var slices = await WaitSlices(server, "my-service", s => SliceKit.Summary(s) == "10.244.0.1 T/T/F", "the slice", Managed);
                await WaitSlices(server, "empty", s => s.Count == 1, "the placeholder", Managed);
                before = string.Join(",", (await HttpAssert.Json(await server.GetAsync(SlicesPath()), 200))["items"]!.AsArray()
                    .Select(s => (string?)s!["metadata"]!["resourceVersion"]).Order(StringComparer.Ordinal));
            }
            await using (var again = ApiServer.Start(dir))
            {
                // Every Service is synced at start; a later change shows the controller is past those syncs.
                await CreateService(again, """{"metadata":{"name":"later"},"spec":{"selector":{"app":"none"},"ports":[{"port":80}]}}""");
                await WaitSlices(again, "later", s => s.Count == 1, "the later Service's slice", Managed);
                await Task.Delay(300);
                var after = (await HttpAssert.Json(await again.GetAsync(SlicesPath() + "?labelSelector=" + Uri.EscapeDataString("kubernetes.io/service-name!=later")), 200))["items"]!.AsArray()
                    .Select(s => (string?)s!["metadata"]!["resourceVersion"]).Order(StringComparer.Ordinal);
                Assert.Equal(before, string.Join(",", after));
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
