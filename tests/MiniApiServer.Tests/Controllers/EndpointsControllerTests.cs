using System.Text.Json.Nodes;
using static MiniApiServer.Tests.Controllers.ControllerKit;

namespace MiniApiServer.Tests.Controllers;

/// <summary>
/// The endpoints controller over HTTP, with no kubelet: the tests write pod IPs and readiness themselves, so the pod
/// simulator is off (as ApiServer.Start has it by default).
/// </summary>
public sealed class EndpointsControllerTests
{
    private const string MyService = """{"metadata":{"name":"my-service","labels":{"team":"a"}},"spec":{"selector":{"app":"MyApp"},"ports":[{"port":80,"targetPort":9376}]}}""";
    private const string MyApp = """{"app":"MyApp"}""";

    /// <summary>Ready pods p1…pN of MyApp on 9376, with IPs 10.244.0.1…N.</summary>
    private static async Task ReadyPods(ApiServer server, int count)
    {
        for (var i = 1; i <= count; i++)
        {
            await CreatePod(server, $"p{i}", MyApp, ["9376"]);
            await SetStatus(server, $"p{i}", $"10.244.0.{i}", ready: true);
        }
    }

    [Fact]
    public async Task Seed_example_three_pods_on_9376()
    {
        await using var server = ApiServer.Start();
        await ReadyPods(server, 3);
        await CreateService(server, MyService);
        var endpoints = await WaitEndpoints(server, "my-service", e => Summary(e) == "10.244.0.1,10.244.0.2,10.244.0.3 |  | :9376/TCP", "3 addresses");
        var address = endpoints!["subsets"]![0]!["addresses"]![0]!;
        Assert.Equal("Pod", (string?)address["targetRef"]!["kind"]);
        Assert.Equal("p1", (string?)address["targetRef"]!["name"]);
        Assert.Equal("default", (string?)address["targetRef"]!["namespace"]);
        var pod = await HttpAssert.Json(await server.GetAsync(PodPath() + "/p1"), 200);
        Assert.Equal((string?)pod["metadata"]!["uid"], (string?)address["targetRef"]!["uid"]);
        Assert.Equal("a", (string?)endpoints["metadata"]!["labels"]!["team"]);
    }

    [Fact]
    public async Task Every_selector_service_gets_endpoints_even_with_no_pods()
    {
        await using var server = ApiServer.Start();
        var service = await CreateService(server, MyService);
        var endpoints = await WaitEndpoints(server, "my-service", e => e is not null, "an empty Endpoints");
        Assert.Null(endpoints!["subsets"]);
        // A Service first seen since start: its creation time is the trigger time.
        Assert.Equal((string?)service["metadata"]!["creationTimestamp"],
            (string?)endpoints["metadata"]!["annotations"]!["endpoints.kubernetes.io/last-change-trigger-time"]);
        Assert.Null(endpoints["metadata"]!["labels"]!["service.kubernetes.io/headless"]);
    }

    [Fact]
    public async Task A_named_target_port_is_resolved_per_pod()
    {
        await using var server = ApiServer.Start();
        await CreatePod(server, "a", MyApp, ["http:8080"]);
        await CreatePod(server, "b", MyApp, ["http:9090"]);
        await CreatePod(server, "c", MyApp, ["metrics:7070"]);
        await SetStatus(server, "a", "10.244.0.1", ready: true);
        await SetStatus(server, "b", "10.244.0.2", ready: true);
        await SetStatus(server, "c", "10.244.0.3", ready: true);
        await CreateService(server, """{"metadata":{"name":"web"},"spec":{"selector":{"app":"MyApp"},"ports":[{"name":"web","port":80,"targetPort":"http"}]}}""");
        // Different numbers for one name: different subsets; a pod without the name is left out for that port.
        var endpoints = await WaitEndpoints(server, "web", e => Summary(e).Split('\n').Length == 2, "two subsets");
        Assert.Equal(
            ["10.244.0.1 |  | web:8080/TCP", "10.244.0.2 |  | web:9090/TCP"],
            Summary(endpoints).Split('\n').Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_pod_without_the_named_port_is_left_out_only_for_that_port()
    {
        await using var server = ApiServer.Start();
        await CreatePod(server, "a", MyApp, ["http:8080"]);
        await CreatePod(server, "b", MyApp, ["metrics:7070"]);
        await SetStatus(server, "a", "10.244.0.1", ready: true);
        await SetStatus(server, "b", "10.244.0.2", ready: true);
        await CreateService(server,
            """{"metadata":{"name":"web"},"spec":{"selector":{"app":"MyApp"},"ports":[{"name":"web","port":80,"targetPort":"http"},{"name":"raw","port":81,"targetPort":5000}]}}""");
        var endpoints = await WaitEndpoints(server, "web", e => Summary(e).Split('\n').Length == 2, "two subsets");
        Assert.Equal(
            ["10.244.0.1 |  | web:8080/TCP", "10.244.0.1,10.244.0.2 |  | raw:5000/TCP"],
            Summary(endpoints).Split('\n').OrderBy(l => l.Length));
    }

    [Fact]
    public async Task A_readiness_flip_moves_the_address_between_the_lists()
    {
        await using var server = ApiServer.Start();
        await ReadyPods(server, 2);
        await CreateService(server, MyService);
        await WaitEndpoints(server, "my-service", e => Summary(e) == "10.244.0.1,10.244.0.2 |  | :9376/TCP", "both ready");
        await SetStatus(server, "p2", "10.244.0.2", ready: false);
        await WaitEndpoints(server, "my-service", e => Summary(e) == "10.244.0.1 | 10.244.0.2 | :9376/TCP", "p2 not ready");
        await SetStatus(server, "p2", "10.244.0.2", ready: true);
        await WaitEndpoints(server, "my-service", e => Summary(e) == "10.244.0.1,10.244.0.2 |  | :9376/TCP", "p2 ready again");
    }

    [Fact]
    public async Task Publish_not_ready_addresses_puts_every_pod_in_addresses_terminating_ones_too()
    {
        await using var server = ApiServer.Start();
        await CreatePod(server, "p1", MyApp, ["9376"], nodeName: "n1");
        await CreatePod(server, "p2", MyApp, ["9376"], nodeName: "n1");
        await SetStatus(server, "p1", "10.244.0.1", ready: true);
        await SetStatus(server, "p2", "10.244.0.2", ready: false);
        await CreateService(server,
            """{"metadata":{"name":"my-service"},"spec":{"selector":{"app":"MyApp"},"publishNotReadyAddresses":true,"ports":[{"port":80,"targetPort":9376}]}}""");
        await WaitEndpoints(server, "my-service", e => Summary(e) == "10.244.0.1,10.244.0.2 |  | :9376/TCP", "both in addresses");
        // Graceful deletion keeps a bound pod, terminating.
        await HttpAssert.Json(await server.DeleteAsync(PodPath() + "/p1"), 200);
        await Task.Delay(300);
        var endpoints = await WaitEndpoints(server, "my-service", e => e is not null, "the Endpoints");
        Assert.Equal("10.244.0.1,10.244.0.2 |  | :9376/TCP", Summary(endpoints));
        Assert.Equal("n1", (string?)endpoints!["subsets"]![0]!["addresses"]![0]!["nodeName"]);
    }

    [Fact]
    public async Task Terminating_terminal_and_ipless_pods_are_left_out()
    {
        await using var server = ApiServer.Start();
        await CreatePod(server, "running", MyApp, ["9376"], nodeName: "n1");
        await CreatePod(server, "terminating", MyApp, ["9376"], nodeName: "n1");
        await CreatePod(server, "succeeded", MyApp, ["9376"], nodeName: "n1");
        await CreatePod(server, "pending", MyApp, ["9376"]);
        await SetStatus(server, "running", "10.244.0.1", ready: true);
        await SetStatus(server, "terminating", "10.244.0.2", ready: true);
        await SetStatus(server, "succeeded", "10.244.0.3", ready: false, phase: "Succeeded");
        await CreateService(server, MyService);
        await WaitEndpoints(server, "my-service", e => Summary(e) == "10.244.0.1,10.244.0.2 |  | :9376/TCP", "running and terminating-to-be");
        await HttpAssert.Json(await server.DeleteAsync(PodPath() + "/terminating"), 200);
        await WaitEndpoints(server, "my-service", e => Summary(e) == "10.244.0.1 |  | :9376/TCP", "the terminating pod gone");
    }

    [Fact]
    public async Task Relabelling_a_pod_out_and_back()
    {
        await using var server = ApiServer.Start();
        await ReadyPods(server, 2);
        await CreateService(server, MyService);
        await WaitEndpoints(server, "my-service", e => Summary(e) == "10.244.0.1,10.244.0.2 |  | :9376/TCP", "both");
        await HttpAssert.Json(await server.PatchAsync(PodPath() + "/p2", """{"metadata":{"labels":{"app":"other"}}}"""), 200);
        await WaitEndpoints(server, "my-service", e => Summary(e) == "10.244.0.1 |  | :9376/TCP", "p2 relabelled out");
        await HttpAssert.Json(await server.PatchAsync(PodPath() + "/p2", """{"metadata":{"labels":{"app":"MyApp"}}}"""), 200);
        await WaitEndpoints(server, "my-service", e => Summary(e) == "10.244.0.1,10.244.0.2 |  | :9376/TCP", "p2 back");
    }

    [Fact]
    public async Task A_selector_change_and_deleting_the_service()
    {
        await using var server = ApiServer.Start();
        await CreatePod(server, "blue", """{"app":"MyApp","color":"blue"}""", ["9376"]);
        await CreatePod(server, "green", """{"app":"MyApp","color":"green"}""", ["9376"]);
        await SetStatus(server, "blue", "10.244.0.1", ready: true);
        await SetStatus(server, "green", "10.244.0.2", ready: true);
        await CreateService(server, MyService);
        await WaitEndpoints(server, "my-service", e => Summary(e) == "10.244.0.1,10.244.0.2 |  | :9376/TCP", "both");
        await HttpAssert.Json(await server.PatchAsync(ServicesPath() + "/my-service", """{"spec":{"selector":{"app":"MyApp","color":"green"},"ports":[{"port":80,"targetPort":9377}]}}"""), 200);
        await WaitEndpoints(server, "my-service", e => Summary(e) == "10.244.0.2 |  | :9377/TCP", "only green, on the new port");
        await HttpAssert.Json(await server.DeleteAsync(ServicesPath() + "/my-service"), 200);
        await WaitEndpoints(server, "my-service", e => e is null, "the Endpoints gone with the Service");
    }

    [Fact]
    public async Task Removing_the_selector_hands_the_endpoints_to_the_user()
    {
        await using var server = ApiServer.Start();
        await ReadyPods(server, 1);
        await CreateService(server, MyService);
        await WaitEndpoints(server, "my-service", e => Summary(e) == "10.244.0.1 |  | :9376/TCP", "p1");
        await HttpAssert.Json(await server.PatchAsync(ServicesPath() + "/my-service", """{"spec":{"selector":null}}"""), 200);
        // The user's write now stays as written, pods come and go.
        var mine = """{"metadata":{"name":"my-service"},"subsets":[{"addresses":[{"ip":"192.0.2.42"}],"ports":[{"port":9376}]}]}""";
        await HttpAssert.Json(await server.PutAsync(EndpointsPath() + "/my-service", mine), 200);
        await CreatePod(server, "p2", MyApp, ["9376"]);
        await SetStatus(server, "p2", "10.244.0.2", ready: true);
        await Task.Delay(500);
        var endpoints = await WaitEndpoints(server, "my-service", e => e is not null, "the Endpoints");
        Assert.Equal("192.0.2.42 |  | :9376/TCP", Summary(endpoints));
    }

    [Fact]
    public async Task A_selectorless_service_keeps_its_hand_written_endpoints()
    {
        await using var server = ApiServer.Start();
        await CreateService(server, """{"metadata":{"name":"external"},"spec":{"ports":[{"port":80}]}}""");
        var written = await HttpAssert.Json(await server.PostAsync(EndpointsPath(),
            """{"metadata":{"name":"external"},"subsets":[{"addresses":[{"ip":"192.0.2.43"},{"ip":"192.0.2.42"}],"ports":[{"port":80}]}]}"""), 201);
        await CreatePod(server, "p1", MyApp, ["80"]);
        await SetStatus(server, "p1", "10.244.0.1", ready: true);
        await HttpAssert.Json(await server.PatchAsync(ServicesPath() + "/external", """{"metadata":{"labels":{"x":"y"}}}"""), 200);
        await Task.Delay(500);
        var now = await HttpAssert.Json(await server.GetAsync(EndpointsPath() + "/external"), 200);
        Assert.Equal(written.ToJsonString(), now.ToJsonString());
    }

    [Fact]
    public async Task A_deleted_endpoints_is_written_again()
    {
        await using var server = ApiServer.Start();
        await ReadyPods(server, 1);
        await CreateService(server, MyService);
        var first = await WaitEndpoints(server, "my-service", e => Summary(e) == "10.244.0.1 |  | :9376/TCP", "p1");
        await HttpAssert.Json(await server.DeleteAsync(EndpointsPath() + "/my-service"), 200);
        var again = await WaitEndpoints(server, "my-service",
            e => e is not null && (string?)e["metadata"]!["uid"] != (string?)first!["metadata"]!["uid"], "a new Endpoints");
        Assert.Equal("10.244.0.1 |  | :9376/TCP", Summary(again));
    }

    [Fact]
    public async Task Headless_services_without_ports_get_addresses_and_the_headless_label()
    {
        await using var server = ApiServer.Start();
        await ReadyPods(server, 1);
        await CreateService(server, """{"metadata":{"name":"headless"},"spec":{"clusterIP":"None","selector":{"app":"MyApp"}}}""");
        var endpoints = await WaitEndpoints(server, "headless", e => Summary(e) == "10.244.0.1 |  | ", "a portless address");
        Assert.Equal("", (string?)endpoints!["metadata"]!["labels"]!["service.kubernetes.io/headless"]);
    }

    [Fact]
    public async Task A_hostname_in_the_services_subdomain_is_published()
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Json(await server.PostAsync(PodPath(),
            """{"metadata":{"name":"db-0","labels":{"app":"db"}},"spec":{"hostname":"db-0","subdomain":"db","containers":[{"name":"c","image":"postgres"}]}}"""), 201);
        await SetStatus(server, "db-0", "10.244.0.9", ready: true);
        await CreateService(server, """{"metadata":{"name":"db"},"spec":{"clusterIP":"None","selector":{"app":"db"}}}""");
        var endpoints = await WaitEndpoints(server, "db", e => Summary(e) == "10.244.0.9 |  | ", "the pod");
        Assert.Equal("db-0", (string?)endpoints!["subsets"]![0]!["addresses"]![0]!["hostname"]);
    }

    [Fact]
    public async Task A_change_that_does_not_matter_writes_nothing()
    {
        await using var server = ApiServer.Start();
        await ReadyPods(server, 1);
        await CreateService(server, MyService);
        var before = await WaitEndpoints(server, "my-service", e => Summary(e) == "10.244.0.1 |  | :9376/TCP", "p1");
        await HttpAssert.Json(await server.PatchAsync(PodPath() + "/p1", """{"metadata":{"annotations":{"note":"x"}}}"""), 200);
        await HttpAssert.Json(await server.PatchAsync(ServicesPath() + "/my-service", """{"metadata":{"annotations":{"note":"x"}}}"""), 200);
        // A later real change proves the controller has seen the ones above by the time it is handled.
        await CreatePod(server, "p2", """{"app":"other"}""", ["9376"]);
        await Task.Delay(500);
        var after = await HttpAssert.Json(await server.GetAsync(EndpointsPath() + "/my-service"), 200);
        Assert.Equal((string?)before!["metadata"]!["resourceVersion"], (string?)after["metadata"]!["resourceVersion"]);
    }

    [Fact]
    public async Task Endpoints_of_a_service_created_while_the_controller_was_down_appear_at_start_and_nothing_unchanged_is_rewritten()
    {
        var dir = Path.Combine(Path.GetTempPath(), "miniapiserver-tests", Guid.NewGuid().ToString("N"));
        try
        {
            await using (var down = ApiServer.Start(dir, new Dictionary<string, string> { ["controllers"] = "*,-endpoint" }))
            {
                await CreatePod(down, "p1", MyApp, ["9376"]);
                await SetStatus(down, "p1", "10.244.0.1", ready: true);
                await CreateService(down, MyService);
                await CreateService(down, """{"metadata":{"name":"stays"},"spec":{"selector":{"app":"MyApp"},"ports":[{"port":80,"targetPort":9376}]}}""");
                // An Endpoints whose Service is gone (left behind while the controller was down) is cleaned up at start.
                await HttpAssert.Json(await down.PostAsync(EndpointsPath(),
                    """{"metadata":{"name":"orphan"},"subsets":[{"addresses":[{"ip":"192.0.2.1"}]}]}"""), 201);
                await Task.Delay(300);
                Assert.Equal(404, await Registry.KindApi.StatusOf(down, EndpointsPath() + "/my-service"));
            }
            string stableRv;
            await using (var up = ApiServer.Start(dir))
            {
                await WaitEndpoints(up, "my-service", e => Summary(e) == "10.244.0.1 |  | :9376/TCP", "Endpoints made at start");
                var stays = await WaitEndpoints(up, "stays", e => Summary(e) == "10.244.0.1 |  | :9376/TCP", "the other Service's");
                stableRv = (string)stays!["metadata"]!["resourceVersion"]!;
                await WaitEndpoints(up, "orphan", e => e is null, "the orphan gone");
            }
            await using (var down = ApiServer.Start(dir, new Dictionary<string, string> { ["controllers"] = "*,-endpoint" }))
            {
                // While the controller is down the pod goes unready, and one Service is deleted.
                await SetStatus(down, "p1", "10.244.0.1", ready: false);
                await HttpAssert.Json(await down.DeleteAsync(ServicesPath() + "/my-service"), 200);
            }
            await using (var up = ApiServer.Start(dir))
            {
                var stays = await WaitEndpoints(up, "stays", e => Summary(e) == " | 10.244.0.1 | :9376/TCP", "the missed readiness change");
                Assert.NotEqual(stableRv, (string?)stays!["metadata"]!["resourceVersion"]);
                stableRv = (string)stays["metadata"]!["resourceVersion"]!;
                Assert.Equal(404, await Registry.KindApi.StatusOf(up, EndpointsPath() + "/my-service"));
            }
            await using (var again = ApiServer.Start(dir))
            {
                // A restart with nothing changed rewrites nothing.
                await Task.Delay(1000);
                var stays = await HttpAssert.Json(await again.GetAsync(EndpointsPath() + "/stays"), 200);
                Assert.Equal(stableRv, (string?)stays["metadata"]!["resourceVersion"]);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Services_in_another_namespace_do_not_select_the_pod()
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Json(await server.PostAsync("/api/v1/namespaces", """{"metadata":{"name":"other"}}"""), 201);
        await CreatePod(server, "p1", MyApp, ["9376"], ns: "other");
        await SetStatus(server, "p1", "10.244.0.1", ready: true, ns: "other");
        await CreatePod(server, "p2", MyApp, ["9376"]);
        await SetStatus(server, "p2", "10.244.0.2", ready: true);
        await CreateService(server, MyService);
        await WaitEndpoints(server, "my-service", e => Summary(e) == "10.244.0.2 |  | :9376/TCP", "only the pod of default");
    }
}
