using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace MiniApiServer.EndToEnd;

/// <summary>The real server process driven by the official KubernetesClient, as any .NET program would use it.</summary>
public sealed class ClientBlackBoxTests(RunningServer fixture) : IClassFixture<RunningServer>
{
    private readonly Kubernetes _client = Client.For(fixture.Server);

    [Fact]
    public async Task Services_are_created_read_listed_by_label_patched_replaced_and_deleted()
    {
        var ns = await NewNamespaceAsync("svc");
        var created = await _client.CoreV1.CreateNamespacedServiceAsync(Service("web", "frontend"), ns);
        await _client.CoreV1.CreateNamespacedServiceAsync(Service("db", "backend"), ns);
        Assert.Equal("ClusterIP", created.Spec.Type);
        Assert.Equal(9376, int.Parse(created.Spec.Ports[0].TargetPort.Value, System.Globalization.CultureInfo.InvariantCulture));

        var read = await _client.CoreV1.ReadNamespacedServiceAsync("web", ns);
        Assert.Equal(created.Metadata.Uid, read.Metadata.Uid);

        var frontend = await _client.CoreV1.ListNamespacedServiceAsync(ns, labelSelector: "tier=frontend");
        Assert.Equal(["web"], frontend.Items.Select(s => s.Metadata.Name));
        var notFrontend = await _client.CoreV1.ListNamespacedServiceAsync(ns, labelSelector: "tier!=frontend");
        Assert.Equal(["db"], notFrontend.Items.Select(s => s.Metadata.Name));

        var patched = await _client.CoreV1.PatchNamespacedServiceAsync(
            new V1Patch("""{"metadata":{"labels":{"release":"canary"}}}""", V1Patch.PatchType.MergePatch), "web", ns);
        Assert.Equal("canary", patched.Metadata.Labels["release"]);
        Assert.Equal("frontend", patched.Metadata.Labels["tier"]);
        Assert.True(long.Parse(patched.Metadata.ResourceVersion) > long.Parse(created.Metadata.ResourceVersion));

        patched.Spec.Ports[0].Port = 8080;
        var replaced = await _client.CoreV1.ReplaceNamespacedServiceAsync(patched, "web", ns);
        Assert.Equal(8080, replaced.Spec.Ports[0].Port);

        await _client.CoreV1.DeleteNamespacedServiceAsync("web", ns);
        var left = await _client.CoreV1.ListNamespacedServiceAsync(ns);
        Assert.Equal(["db"], left.Items.Select(s => s.Metadata.Name));
    }

    [Fact]
    public async Task Pods_are_created_read_listed_by_label_patched_replaced_and_deleted()
    {
        var ns = await NewNamespaceAsync("pod");
        var created = await _client.CoreV1.CreateNamespacedPodAsync(Pod("nginx", "web"), ns);
        await _client.CoreV1.CreateNamespacedPodAsync(Pod("redis", "cache"), ns);
        Assert.Equal("Pending", created.Status.Phase);
        Assert.Equal("Always", created.Spec.RestartPolicy);

        var read = await _client.CoreV1.ReadNamespacedPodAsync("nginx", ns);
        Assert.Equal(created.Metadata.Uid, read.Metadata.Uid);

        var web = await _client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: "app in (web,proxy)");
        Assert.Equal(["nginx"], web.Items.Select(p => p.Metadata.Name));

        var patched = await _client.CoreV1.PatchNamespacedPodAsync(
            new V1Patch("""{"metadata":{"annotations":{"note":"hello"}}}""", V1Patch.PatchType.MergePatch), "nginx", ns);
        Assert.Equal("hello", patched.Metadata.Annotations["note"]);

        patched.Metadata.Labels["app"] = "proxy";
        var replaced = await _client.CoreV1.ReplaceNamespacedPodAsync(patched, "nginx", ns);
        Assert.Equal("proxy", replaced.Metadata.Labels["app"]);

        // An unscheduled pod (no nodeName) is deleted at once (pkg/registry/core/pod/strategy.go CheckGracefulDelete).
        await _client.CoreV1.DeleteNamespacedPodAsync("nginx", ns);
        var e = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.ReadNamespacedPodAsync("nginx", ns));
        Assert.Equal(HttpStatusCode.NotFound, e.Response.StatusCode);
    }

    [Fact]
    public async Task Endpoints_are_created_read_listed_by_label_patched_replaced_and_deleted()
    {
        var ns = await NewNamespaceAsync("ep");
        var created = await _client.CoreV1.CreateNamespacedEndpointsAsync(Endpoints("my-service", "192.0.2.42"), ns);
        Assert.Equal("TCP", created.Subsets[0].Ports[0].Protocol);

        var read = await _client.CoreV1.ReadNamespacedEndpointsAsync("my-service", ns);
        Assert.Equal("192.0.2.42", read.Subsets[0].Addresses[0].Ip);

        var listed = await _client.CoreV1.ListNamespacedEndpointsAsync(ns, labelSelector: "manual");
        Assert.Equal(["my-service"], listed.Items.Select(x => x.Metadata.Name));
        Assert.Empty((await _client.CoreV1.ListNamespacedEndpointsAsync(ns, labelSelector: "!manual")).Items);

        var patched = await _client.CoreV1.PatchNamespacedEndpointsAsync(
            new V1Patch("""{"metadata":{"labels":{"manual":null,"owner":"me"}}}""", V1Patch.PatchType.MergePatch), "my-service", ns);
        Assert.Equal(new Dictionary<string, string> { ["owner"] = "me" }, patched.Metadata.Labels);

        patched.Subsets[0].Addresses.Add(new V1EndpointAddress { Ip = "192.0.2.43" });
        var replaced = await _client.CoreV1.ReplaceNamespacedEndpointsAsync(patched, "my-service", ns);
        Assert.Equal(["192.0.2.42", "192.0.2.43"], replaced.Subsets[0].Addresses.Select(a => a.Ip));

        await _client.CoreV1.DeleteNamespacedEndpointsAsync("my-service", ns);
        Assert.Empty((await _client.CoreV1.ListNamespacedEndpointsAsync(ns)).Items);
    }

    [Fact]
    public async Task Namespaces_are_created_read_listed_by_label_patched_replaced_and_deleted_with_their_contents()
    {
        var created = await _client.CoreV1.CreateNamespaceAsync(new V1Namespace
        {
            Metadata = new V1ObjectMeta { Name = "team-a", Labels = new Dictionary<string, string> { ["team"] = "a" } },
        });
        Assert.Equal("Active", created.Status.Phase);
        Assert.Equal(["kubernetes"], created.Spec.Finalizers);
        await _client.CoreV1.CreateNamespacedServiceAsync(Service("web", "frontend"), "team-a");

        var listed = await _client.CoreV1.ListNamespaceAsync(labelSelector: "team=a");
        Assert.Equal(["team-a"], listed.Items.Select(n => n.Metadata.Name));

        var patched = await _client.CoreV1.PatchNamespaceAsync(
            new V1Patch("""{"metadata":{"labels":{"env":"test"}}}""", V1Patch.PatchType.MergePatch), "team-a");
        Assert.Equal("test", patched.Metadata.Labels["env"]);
        Assert.Equal("team-a", patched.Metadata.Labels["kubernetes.io/metadata.name"]);

        patched.Metadata.Annotations = new Dictionary<string, string> { ["owner"] = "me" };
        var replaced = await _client.CoreV1.ReplaceNamespaceAsync(patched, "team-a");
        Assert.Equal("me", replaced.Metadata.Annotations["owner"]);

        await _client.CoreV1.DeleteNamespaceAsync("team-a");
        await WaitUntilGoneAsync(() => _client.CoreV1.ReadNamespaceAsync("team-a"));
        Assert.Empty((await _client.CoreV1.ListServiceForAllNamespacesAsync(fieldSelector: "metadata.namespace=team-a")).Items);
    }

    [Fact]
    public async Task A_missing_object_is_a_404_HttpOperationException_with_our_Status()
    {
        var e = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.ReadNamespacedServiceAsync("nosuch", "default"));
        Assert.Equal(HttpStatusCode.NotFound, e.Response.StatusCode);
        var status = Client.StatusOf(e);
        Assert.Equal(("Failure", "NotFound", 404), (status.Status, status.Reason, status.Code));
        Assert.Equal("services \"nosuch\" not found", status.Message);
        Assert.Equal(("nosuch", "services"), (status.Details.Name, status.Details.Kind));
    }

    [Fact]
    public async Task A_duplicate_create_is_a_409_AlreadyExists_and_a_stale_replace_a_409_Conflict()
    {
        var ns = await NewNamespaceAsync("dup");
        var first = await _client.CoreV1.CreateNamespacedServiceAsync(Service("web", "frontend"), ns);

        var dup = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.CreateNamespacedServiceAsync(Service("web", "frontend"), ns));
        Assert.Equal(HttpStatusCode.Conflict, dup.Response.StatusCode);
        var exists = Client.StatusOf(dup);
        Assert.Equal(("AlreadyExists", 409), (exists.Reason, exists.Code));
        Assert.Equal("services \"web\" already exists", exists.Message);

        await _client.CoreV1.PatchNamespacedServiceAsync(new V1Patch("""{"metadata":{"labels":{"v":"2"}}}""", V1Patch.PatchType.MergePatch), "web", ns);
        var stale = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.ReplaceNamespacedServiceAsync(first, "web", ns));
        var conflict = Client.StatusOf(stale);
        Assert.Equal(("Conflict", 409), (conflict.Reason, conflict.Code));
        Assert.Equal("Operation cannot be fulfilled on services \"web\": the object has been modified; please apply your changes to the latest version and try again",
            conflict.Message);
    }

    internal static V1Service Service(string name, string tier) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["tier"] = tier } },
        Spec = new V1ServiceSpec
        {
            Selector = new Dictionary<string, string> { ["app"] = name },
            Ports = [new V1ServicePort { Port = 80, TargetPort = 9376 }],
        },
    };

    private static V1Pod Pod(string name, string app) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app"] = app } },
        // Another scheduler's pod: the built-in simulator leaves it Pending and unbound, so the CRUD below is the test's alone.
        Spec = new V1PodSpec { SchedulerName = "black-box", Containers = [new V1Container { Name = name, Image = name }] },
    };

    private static V1Endpoints Endpoints(string name, string ip) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["manual"] = "true" } },
        Subsets = [new V1EndpointSubset { Addresses = [new V1EndpointAddress { Ip = ip }], Ports = [new Corev1EndpointPort { Port = 9376 }] }],
    };

    private async Task<string> NewNamespaceAsync(string prefix)
    {
        var ns = await _client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { GenerateName = prefix + "-" } });
        return ns.Metadata.Name;
    }

    private static async Task WaitUntilGoneAsync(Func<Task> read)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                await read();
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                return;
            }
            await Task.Delay(100);
        }
        Assert.Fail("the object was still there after 30 s");
    }
}
