using k8s;
using k8s.Autorest;
using k8s.Models;

namespace MiniApiServer.EndToEnd;

/// <summary>
/// <c>kubectl create namespace</c> and <c>kubectl create service &lt;type&gt;</c> send protobuf bodies
/// (<c>application/vnd.kubernetes.protobuf</c>, kubectl-wire.md §6.2) and never fall back to JSON: with default flags
/// they print what they print against a real cluster, and the server stores what they asked for. Each test has its own
/// names, because the server is shared by the class.
/// </summary>
public sealed class KubectlCreateProtobufTests(RunningServer fixture) : IClassFixture<RunningServer>, IDisposable
{
    private readonly Kubernetes _client = Client.For(fixture.Server);
    private readonly TempDirectory _scratch = new();

    public void Dispose()
    {
        _client.Dispose();
        _scratch.Dispose();
    }

    [ToolFact("kubectl")]
    public async Task Create_namespace_prints_created_and_the_namespace_is_active()
    {
        var name = Unique("pb-ns");

        var output = await NewKubectl().SucceedAsync("create", "namespace", name);

        Assert.Equal($"namespace/{name} created\n", output);
        var ns = await _client.CoreV1.ReadNamespaceAsync(name);
        Assert.Equal("Active", ns.Status.Phase);
        Assert.Equal(["kubernetes"], ns.Spec.Finalizers);
        Assert.NotNull(ns.Metadata.Uid);
        Assert.NotNull(ns.Metadata.CreationTimestamp);
        Assert.Null(ns.Metadata.GenerateName);
    }

    [ToolFact("kubectl")]
    public async Task Create_namespace_with_server_dry_run_stores_nothing()
    {
        var name = Unique("pb-dry");

        var output = await NewKubectl().SucceedAsync("create", "namespace", name, "--dry-run=server");

        Assert.Equal($"namespace/{name} created (server dry run)\n", output);
        var e = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.ReadNamespaceAsync(name));
        Assert.Equal(404, (int)e.Response.StatusCode);
    }

    [ToolFact("kubectl")]
    public Task Create_service_clusterip_stores_a_cluster_ip_service() => CreateServiceWithPortAsync("clusterip", "ClusterIP");

    [ToolFact("kubectl")]
    public Task Create_service_nodeport_stores_a_node_port_service() => CreateServiceWithPortAsync("nodeport", "NodePort");

    [ToolFact("kubectl")]
    public Task Create_service_loadbalancer_stores_a_load_balancer_service() => CreateServiceWithPortAsync("loadbalancer", "LoadBalancer");

    private async Task CreateServiceWithPortAsync(string command, string type)
    {
        var ns = await NewNamespaceAsync();

        var output = await NewKubectl().SucceedAsync("create", "service", command, "a", "--tcp=80:8080", "-n", ns);

        Assert.Equal("service/a created\n", output);
        var service = await _client.CoreV1.ReadNamespacedServiceAsync("a", ns);
        Assert.Equal(type, service.Spec.Type);
        Assert.Equal(new Dictionary<string, string> { ["app"] = "a" }, service.Spec.Selector);
        Assert.Equal(new Dictionary<string, string> { ["app"] = "a" }, service.Metadata.Labels);
        var port = Assert.Single(service.Spec.Ports);
        Assert.Equal("80-8080", port.Name);
        Assert.Equal("TCP", port.Protocol);
        Assert.Equal(80, port.Port);
        Assert.Equal("8080", port.TargetPort.Value);
        Assert.NotEmpty(service.Spec.ClusterIP);
        Assert.Equal([service.Spec.ClusterIP], service.Spec.ClusterIPs);
        Assert.Equal(["IPv4"], service.Spec.IpFamilies);
        Assert.Equal("SingleStack", service.Spec.IpFamilyPolicy);
        Assert.Equal("None", service.Spec.SessionAffinity);
        if (type == "ClusterIP")
        {
            Assert.Null(port.NodePort);
        }
        else
        {
            Assert.InRange(port.NodePort ?? 0, 30000, 32767);
            Assert.Equal("Cluster", service.Spec.ExternalTrafficPolicy);
        }
    }

    [ToolFact("kubectl")]
    public async Task Create_service_externalname_stores_the_name_and_no_cluster_ip()
    {
        var ns = await NewNamespaceAsync();

        var output = await NewKubectl().SucceedAsync("create", "service", "externalname", "ext", "--external-name", "example.com", "-n", ns);

        Assert.Equal("service/ext created\n", output);
        var service = await _client.CoreV1.ReadNamespacedServiceAsync("ext", ns);
        Assert.Equal("ExternalName", service.Spec.Type);
        Assert.Equal("example.com", service.Spec.ExternalName);
        Assert.Null(service.Spec.ClusterIP);
        Assert.Null(service.Spec.ClusterIPs);
    }

    [ToolFact("kubectl")]
    public async Task Create_service_with_server_dry_run_stores_nothing()
    {
        var ns = await NewNamespaceAsync();

        var output = await NewKubectl().SucceedAsync("create", "service", "clusterip", "dry", "--tcp=80:8080", "-n", ns, "--dry-run=server");

        Assert.Equal("service/dry created (server dry run)\n", output);
        var e = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.ReadNamespacedServiceAsync("dry", ns));
        Assert.Equal(404, (int)e.Response.StatusCode);
    }

    [ToolFact("kubectl")]
    public async Task Create_service_that_exists_is_already_exists()
    {
        var ns = await NewNamespaceAsync();
        var kubectl = NewKubectl();
        await kubectl.SucceedAsync("create", "service", "clusterip", "twice", "--tcp=80", "-n", ns);

        var result = await kubectl.RunAsync("create", "service", "clusterip", "twice", "--tcp=80", "-n", ns);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: failed to create ClusterIP service: services \"twice\" already exists\n", result.StandardError);
    }

    private static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    private Kubectl NewKubectl() => Kubectl.For(fixture.Server, _scratch);

    private Task<string> NewNamespaceAsync() => _client.CreateNamespaceAsync("pb");
}
