using System.Net;
using System.Text.Json.Nodes;
using static MiniApiServer.Tests.Controllers.ControllerKit;

namespace MiniApiServer.Tests.Controllers;

/// <summary>The pod simulator over HTTP: it plays the kubelet and the default scheduler for one node.</summary>
public sealed class PodSimulatorTests
{
    private static readonly Dictionary<string, string> Simulated = new() { ["pod-simulator"] = "true" };

    private static ApiServer Start(string? dir = null, string nodeName = "miniapiserver-node", string cidr = "10.244.0.0/16") =>
        ApiServer.Start(dir, new Dictionary<string, string>(Simulated) { ["node-name"] = nodeName, ["pod-network-cidr"] = cidr });

    private static string PodJson(string name, string extraSpec = "", string labels = """{"app":"web"}""") =>
        $$$"""{"metadata":{"name":"{{{name}}}","labels":{{{labels}}}},"spec":{"terminationGracePeriodSeconds":1,"containers":[{"name":"app","image":"nginx:1.27","ports":[{"containerPort":80}]}]{{{extraSpec}}}}}""";

    /// <summary>Polls the pod until <paramref name="condition"/> holds.</summary>
    private static async Task<JsonObject?> WaitPod(ApiServer server, string name, Func<JsonObject?, bool> condition, string what, string ns = "default")
    {
        var deadline = DateTime.UtcNow + ControllerKit.Patience;
        while (true)
        {
            using var response = await server.GetAsync($"{PodPath(ns)}/{name}");
            var pod = response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject() : null;
            if (condition(pod))
            {
                return pod;
            }
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}; last: {pod?.ToJsonString() ?? "absent"}");
            await Task.Delay(25);
        }
    }

    private static JsonNode? Condition(JsonObject? pod, string type) =>
        pod?["status"]?["conditions"]?.AsArray().FirstOrDefault(c => (string?)c!["type"] == type);

    private static bool IsReady(JsonObject? pod) => (string?)Condition(pod, "Ready")?["status"] == "True";

    [Fact]
    public async Task The_simulator_registers_its_node_ready()
    {
        await using var server = Start(nodeName: "sim-1");
        var node = await WaitNode(server, "sim-1");
        var ready = node["status"]!["conditions"]!.AsArray().Single(c => (string?)c!["type"] == "Ready")!;
        Assert.Equal(("True", "KubeletReady", "kubelet is posting ready status"),
            ((string?)ready["status"], (string?)ready["reason"], (string?)ready["message"]));
        Assert.Equal("KubeletHasSufficientMemory",
            (string?)node["status"]!["conditions"]!.AsArray().Single(c => (string?)c!["type"] == "MemoryPressure")!["reason"]);
        Assert.Equal("110", (string?)node["status"]!["capacity"]!["pods"]);
        Assert.Equal("110", (string?)node["status"]!["allocatable"]!["pods"]);
        Assert.Contains(node["status"]!["addresses"]!.AsArray(), a => (string?)a!["type"] == "InternalIP");
        Assert.Equal("sim-1", (string?)node["metadata"]!["labels"]!["kubernetes.io/hostname"]);
    }

    private static async Task<JsonObject> WaitNode(ApiServer server, string name)
    {
        var deadline = DateTime.UtcNow + ControllerKit.Patience;
        while (true)
        {
            using var response = await server.GetAsync("/api/v1/nodes/" + name);
            if (response.IsSuccessStatusCode)
            {
                var node = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
                if (node["status"]?["conditions"] is not null)
                {
                    return node;
                }
            }
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the node");
            await Task.Delay(25);
        }
    }

    [Fact]
    public async Task A_pod_is_bound_given_an_ip_and_made_running_and_ready_as_a_kubelet_would()
    {
        await using var server = Start();
        await HttpAssert.Json(await server.PostAsync(PodPath(), PodJson("web-1")), 201);
        var pod = await WaitPod(server, "web-1", IsReady, "a ready pod");
        Assert.Equal("miniapiserver-node", (string?)pod!["spec"]!["nodeName"]);
        var status = pod["status"]!;
        Assert.Equal("Running", (string?)status["phase"]);
        Assert.True(IPNetwork.Parse("10.244.0.0/16").Contains(IPAddress.Parse((string)status["podIP"]!)));
        Assert.Equal((string?)status["podIP"], (string?)status["podIPs"]![0]!["ip"]);
        Assert.NotNull(status["startTime"]);
        Assert.NotNull(status["hostIP"]);
        foreach (var type in new[] { "PodScheduled", "Initialized", "ContainersReady", "Ready", "PodReadyToStartContainers" })
        {
            Assert.Equal("True", (string?)Condition(pod, type)?["status"]);
            Assert.NotNull(Condition(pod, type)?["lastTransitionTime"]);
        }
        var container = status["containerStatuses"]![0]!;
        Assert.Equal("app", (string?)container["name"]);
        Assert.Equal(true, (bool?)container["ready"]);
        Assert.Equal(true, (bool?)container["started"]);
        Assert.Equal(0, (int?)container["restartCount"]);
        Assert.NotNull(container["state"]!["running"]!["startedAt"]);
        Assert.StartsWith("nginx@sha256:", (string?)container["imageID"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gated_pods_pods_of_another_scheduler_and_pods_of_another_node_are_left_alone()
    {
        await using var server = Start();
        await HttpAssert.Json(await server.PostAsync(PodPath(), PodJson("gated", ""","schedulingGates":[{"name":"example.com/wait"}]""")), 201);
        await HttpAssert.Json(await server.PostAsync(PodPath(), PodJson("custom", ""","schedulerName":"my-scheduler" """)), 201);
        await HttpAssert.Json(await server.PostAsync(PodPath(), PodJson("elsewhere", ""","nodeName":"other-node" """)), 201);
        await HttpAssert.Json(await server.PostAsync(PodPath(), PodJson("mine")), 201);
        // Once a later pod is ready, the simulator has looked at the earlier ones.
        await WaitPod(server, "mine", IsReady, "the ordinary pod ready");
        await Task.Delay(300);
        foreach (var name in new[] { "gated", "custom", "elsewhere" })
        {
            var pod = await HttpAssert.Json(await server.GetAsync(PodPath() + "/" + name), 200);
            Assert.Equal("Pending", (string?)pod["status"]!["phase"]);
            Assert.Null(pod["status"]!["podIP"]);
        }
        Assert.Null((await HttpAssert.Json(await server.GetAsync(PodPath() + "/gated"), 200))["spec"]!["nodeName"]);
        Assert.Null((await HttpAssert.Json(await server.GetAsync(PodPath() + "/custom"), 200))["spec"]!["nodeName"]);
    }

    [Fact]
    public async Task A_readiness_gate_keeps_the_pod_unready_until_its_condition_is_true()
    {
        await using var server = Start();
        await HttpAssert.Json(await server.PostAsync(PodPath(), PodJson("gated", ""","readinessGates":[{"conditionType":"example.com/lb"}]""")), 201);
        var pod = await WaitPod(server, "gated", p => (string?)p?["status"]?["phase"] == "Running", "a running pod");
        var ready = Condition(pod, "Ready")!;
        Assert.Equal(("False", "ReadinessGatesNotReady", "corresponding condition of pod readiness gate \"example.com/lb\" does not exist."),
            ((string?)ready["status"], (string?)ready["reason"], (string?)ready["message"]));
        Assert.Equal("True", (string?)Condition(pod, "ContainersReady")!["status"]);

        var conditions = pod!["status"]!["conditions"]!.AsArray().Select(c => c!.DeepClone()).ToList();
        conditions.Add(JsonNode.Parse("""{"type":"example.com/lb","status":"False"}""")!);
        await HttpAssert.Json(await server.PatchAsync(PodPath() + "/gated/status", new JsonObject { ["status"] = new JsonObject { ["conditions"] = new JsonArray([.. conditions.Select(c => c.DeepClone())]) } }.ToJsonString()), 200);
        await WaitPod(server, "gated", p => (string?)Condition(p, "Ready")?["message"] == "the status of pod readiness gate \"example.com/lb\" is not \"True\", but False", "the gate's status in the message");

        conditions[^1] = JsonNode.Parse("""{"type":"example.com/lb","status":"True"}""")!;
        await HttpAssert.Json(await server.PatchAsync(PodPath() + "/gated/status", new JsonObject { ["status"] = new JsonObject { ["conditions"] = new JsonArray([.. conditions.Select(c => c.DeepClone())]) } }.ToJsonString()), 200);
        await WaitPod(server, "gated", IsReady, "ready once the gate is met");
    }

    [Fact]
    public async Task Pod_ips_are_unique()
    {
        await using var server = Start();
        await Parallel.ForEachAsync(Enumerable.Range(0, 40), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            await HttpAssert.Json(await server.PostAsync(PodPath(), PodJson($"p{i}")), 201));
        var ips = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            ips.Add((string)(await WaitPod(server, $"p{i}", IsReady, $"p{i} ready"))!["status"]!["podIP"]!);
        }
        Assert.Equal(40, ips.Distinct().Count());
    }

    [Fact]
    public async Task Graceful_deletion_completes_once_the_grace_period_is_over()
    {
        await using var server = Start();
        await HttpAssert.Json(await server.PostAsync(PodPath(), PodJson("web-1")), 201);
        await WaitPod(server, "web-1", IsReady, "a ready pod");
        var marked = await HttpAssert.Json(await server.DeleteAsync(PodPath() + "/web-1"), 200);
        Assert.NotNull(marked["metadata"]!["deletionTimestamp"]);
        await WaitPod(server, "web-1", p => p is null, "the pod removed after its 1 s grace period");
    }

    [Fact]
    public async Task Deleting_a_namespace_with_running_pods_completes()
    {
        await using var server = Start();
        await HttpAssert.Json(await server.PostAsync("/api/v1/namespaces", """{"metadata":{"name":"team"}}"""), 201);
        for (var i = 0; i < 3; i++)
        {
            await HttpAssert.Json(await server.PostAsync(PodPath("team"), PodJson($"p{i}")), 201);
            await WaitPod(server, $"p{i}", IsReady, "a ready pod", "team");
        }
        await HttpAssert.Json(await server.DeleteAsync("/api/v1/namespaces/team"), 200);
        await Registry.KindApi.Eventually(async () => await Registry.KindApi.StatusOf(server, "/api/v1/namespaces/team") == 404,
            TimeSpan.FromSeconds(20), "the namespace gone");
    }

    [Fact]
    public async Task Endpoints_follow_the_simulated_pods()
    {
        await using var server = Start();
        await CreateService(server, """{"metadata":{"name":"web"},"spec":{"selector":{"app":"web"},"ports":[{"port":80}]}}""");
        await HttpAssert.Json(await server.PostAsync(PodPath(), PodJson("web-1")), 201);
        await HttpAssert.Json(await server.PostAsync(PodPath(), PodJson("web-2")), 201);
        var endpoints = await WaitEndpoints(server, "web", e => Summary(e).Split(" | ")[0].Split(',').Length == 2, "two ready addresses");
        Assert.Equal("miniapiserver-node", (string?)endpoints!["subsets"]![0]!["addresses"]![0]!["nodeName"]);
    }

    [Fact]
    public async Task Ips_held_before_a_restart_are_not_given_again()
    {
        var dir = Path.Combine(Path.GetTempPath(), "miniapiserver-tests", Guid.NewGuid().ToString("N"));
        try
        {
            string first;
            await using (var server = Start(dir))
            {
                await HttpAssert.Json(await server.PostAsync(PodPath(), PodJson("old")), 201);
                first = (string)(await WaitPod(server, "old", IsReady, "the first pod ready"))!["status"]!["podIP"]!;
            }
            await using (var server = Start(dir))
            {
                await HttpAssert.Json(await server.PostAsync(PodPath(), PodJson("new")), 201);
                var second = (string)(await WaitPod(server, "new", IsReady, "the second pod ready"))!["status"]!["podIP"]!;
                Assert.NotEqual(first, second);
                var old = await HttpAssert.Json(await server.GetAsync(PodPath() + "/old"), 200);
                Assert.Equal(first, (string?)old["status"]!["podIP"]);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Past_1000_addresses_the_endpoints_are_truncated_and_say_so()
    {
        await using var server = Start();
        await CreateService(server, """{"metadata":{"name":"web"},"spec":{"selector":{"app":"web"},"ports":[{"port":80}]}}""");
        await Parallel.ForEachAsync(Enumerable.Range(0, 1001), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
            await HttpAssert.Json(await server.PostAsync(PodPath(), PodJson($"p{i}")), 201));
        var endpoints = await WaitEndpoints(server, "web",
            e => (string?)e?["metadata"]?["annotations"]?["endpoints.kubernetes.io/over-capacity"] == "truncated", "the over-capacity annotation");
        Assert.Equal(1000, endpoints!["subsets"]!.AsArray().Sum(s => s!["addresses"]?.AsArray().Count ?? 0));
        // The slices are not capped: all 1001 are there, in slices of at most 100.
        await SliceKit.WaitSlices(server, "web", s => s.Sum(x => x!["endpoints"]?.AsArray().Count ?? 0) == 1001, "1001 endpoints in slices",
            "endpointslice-controller.k8s.io");
        await HttpAssert.Json(await server.DeleteAsync(PodPath() + "/p0?gracePeriodSeconds=0"), 200);
        await WaitEndpoints(server, "web", e => e?["metadata"]?["annotations"]?["endpoints.kubernetes.io/over-capacity"] is null
            && e?["subsets"]?.AsArray().Sum(s => s!["addresses"]?.AsArray().Count ?? 0) == 1000, "1000 addresses without the annotation");
    }

    [Fact]
    public async Task A_delete_with_grace_0_succeeds_even_when_the_simulator_finishes_it_first()
    {
        // The request's own update (deletionTimestamp, grace 0) wakes the simulator, which may remove the pod before the
        // request does: the request still succeeds (store.go Delete's ignoreNotFound).
        await using var server = Start();
        await Parallel.ForEachAsync(Enumerable.Range(0, 30), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            await HttpAssert.Json(await server.PostAsync(PodPath(), PodJson($"p{i}")), 201));
        for (var i = 0; i < 30; i++)
        {
            await WaitPod(server, $"p{i}", IsReady, $"p{i} ready");
        }
        await Parallel.ForEachAsync(Enumerable.Range(0, 30), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            await HttpAssert.Json(await server.DeleteAsync($"{PodPath()}/p{i}?gracePeriodSeconds=0"), 200));
    }
}
