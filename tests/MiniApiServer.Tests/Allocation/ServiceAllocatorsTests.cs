using System.Net;
using k8s.Models;
using MiniApiServer.Allocation;
using MiniApiServer.Hosting;

namespace MiniApiServer.Tests.Allocation;

public sealed class ServiceAllocatorsTests
{
    private static ServiceAllocators For(string cidrs, string ports = "30000-32767") =>
        new(ServerOptions.ParseServiceCidrs(cidrs), PortRange.Parse(ports, "--service-node-port-range"));

    private static V1Service Service(string name, string? clusterIP, IList<string>? clusterIPs = null,
        IList<V1ServicePort>? ports = null, int? healthCheckNodePort = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" },
        Spec = new V1ServiceSpec
        {
            ClusterIP = clusterIP,
            ClusterIPs = clusterIPs ?? (clusterIP is null ? null : [clusterIP]),
            Ports = ports,
            HealthCheckNodePort = healthCheckNodePort,
        },
    };

    private static V1ServicePort NodePort(int nodePort, string protocol = "TCP", int port = 80) =>
        new() { Port = port, Protocol = protocol, NodePort = nodePort };

    [Fact]
    public void Single_stack_has_one_allocator_and_the_node_port_range()
    {
        var allocators = For("10.96.0.0/12", "31000-31999");
        Assert.False(allocators.IsDualStack);
        Assert.Equal("10.96.0.0/12", allocators.Primary.Range.ToString());
        Assert.Same(allocators.Primary, allocators.ForFamily("IPv4"));
        Assert.Null(allocators.ForFamily("IPv6"));
        Assert.Equal(new PortRange(31000, 1000), allocators.NodePorts.Range);
    }

    [Fact]
    public void Dual_stack_keeps_the_primary_family_first()
    {
        var allocators = For("fd00::/108,10.96.0.0/12");
        Assert.True(allocators.IsDualStack);
        Assert.Equal(["IPv6", "IPv4"], allocators.ClusterIps.Select(a => a.Family));
        Assert.Equal("IPv6", allocators.Primary.Family);
        Assert.Equal("10.96.0.0/12", allocators.ForFamily("IPv4")!.Range.ToString());
    }

    [Fact]
    public void Rebuild_marks_every_stored_cluster_IP_and_node_port()
    {
        var allocators = For("10.96.0.0/12,fd00::/108");
        var problems = allocators.Rebuild(
        [
            Service("kubernetes", "10.96.0.1"),
            Service("dual", "10.96.0.10", ["10.96.0.10", "fd00::a"], [NodePort(30080), NodePort(30081, port: 81)], healthCheckNodePort: 32000),
            Service("headless", "None"),
            Service("external", null),
        ]);
        Assert.Empty(problems);
        Assert.Equal([IPAddress.Parse("10.96.0.1"), IPAddress.Parse("10.96.0.10")], allocators.Primary.Allocated());
        Assert.Equal([IPAddress.Parse("fd00::a")], allocators.ForFamily("IPv6")!.Allocated());
        Assert.Equal([30080, 30081, 32000], allocators.NodePorts.Allocated());
        Assert.Equal(AllocationErrorKind.AlreadyAllocated, allocators.Primary.Allocate(IPAddress.Parse("10.96.0.10")).ErrorKind);
    }

    [Fact]
    public void Rebuild_forgets_allocations_no_stored_Service_holds()
    {
        var allocators = For("10.96.0.0/12");
        allocators.Primary.AllocateNext();
        allocators.NodePorts.AllocateNext();
        allocators.Rebuild([Service("a", "10.96.0.5")]);
        Assert.Equal([IPAddress.Parse("10.96.0.5")], allocators.Primary.Allocated());
        Assert.Equal(0, allocators.NodePorts.Used);
    }

    [Fact]
    public void Rebuild_uses_clusterIP_when_clusterIPs_is_missing_and_skips_empty_entries()
    {
        var allocators = For("10.96.0.0/12");
        var legacy = Service("legacy", "10.96.0.7");
        legacy.Spec.ClusterIPs = null;
        Assert.Empty(allocators.Rebuild([legacy, Service("odd", "10.96.0.8", ["10.96.0.8", ""])]));
        Assert.Equal([IPAddress.Parse("10.96.0.7"), IPAddress.Parse("10.96.0.8")], allocators.Primary.Allocated());
    }

    [Fact]
    public void Rebuild_reports_out_of_range_duplicate_and_unusable_cluster_IPs_and_keeps_going()
    {
        var allocators = For("10.96.0.0/12");
        var problems = allocators.Rebuild(
        [
            Service("first", "10.96.0.10"),
            Service("second", "10.96.0.10"),
            Service("outside", "192.168.0.1"),
            Service("broadcast", "10.111.255.255"),
            Service("v6", "fd00::1"),
            Service("garbage", "not-an-ip"),
            Service("ok", "010.96.0.11"),
        ]);
        Assert.Equal(
        [
            "default/second: ClusterIPAlreadyAllocated: Cluster IP [IPv4]:10.96.0.10 was assigned to multiple services; please recreate service",
            "default/outside: ClusterIPOutOfRange: Cluster IP [IPv4]: 192.168.0.1 is not within any configured Service CIDR; please recreate service",
            "default/broadcast: ClusterIPOutOfRange: Cluster IP [IPv4]: 10.111.255.255 is not within any configured Service CIDR; please recreate service",
            "default/v6: ClusterIPOutOfRange: Cluster IP [IPv6]: fd00::1 is not within any configured Service CIDR; please recreate service",
            "default/garbage: ClusterIPNotValid: Cluster IP <nil> is not a valid IP; please recreate Service",
        ], problems.Select(p => p.ToString()));
        Assert.Equal([IPAddress.Parse("10.96.0.10"), IPAddress.Parse("10.96.0.11")], allocators.Primary.Allocated());
    }

    [Fact]
    public void Rebuild_reports_node_ports_out_of_range_or_held_twice()
    {
        var allocators = For("10.96.0.0/12");
        var problems = allocators.Rebuild(
        [
            Service("a", "10.96.0.10", ports: [NodePort(30080)]),
            Service("b", "10.96.0.11", ports: [NodePort(30080), NodePort(29999, port: 81)]),
        ]);
        Assert.Equal(
        [
            "default/b: PortAlreadyAllocated: Port 30080 was assigned to multiple services; please recreate service",
            "default/b: PortOutOfRange: Port 29999 is not within the port range 30000-32767; please recreate service",
        ], problems.Select(p => p.ToString()));
        Assert.Equal([30080], allocators.NodePorts.Allocated());
    }

    [Fact]
    public void One_node_port_shared_by_TCP_and_UDP_counts_once()
    {
        var allocators = For("10.96.0.0/12");
        var problems = allocators.Rebuild([Service("dns", "10.96.0.10", ports: [NodePort(30053, "TCP", 53), NodePort(30053, "UDP", 53)])]);
        Assert.Empty(problems);
        Assert.Equal([30053], allocators.NodePorts.Allocated());
    }

    [Fact]
    public void Health_check_node_port_already_held_over_TCP_is_reported_but_one_held_only_over_UDP_is_not()
    {
        var tcp = For("10.96.0.0/12");
        Assert.Equal(["PortAlreadyAllocated"],
            tcp.Rebuild([Service("lb", "10.96.0.10", ports: [NodePort(30100)], healthCheckNodePort: 30100)]).Select(p => p.Reason));
        var udp = For("10.96.0.0/12");
        Assert.Empty(udp.Rebuild([Service("lb", "10.96.0.10", ports: [NodePort(30100, "UDP")], healthCheckNodePort: 30100)]));
        Assert.Equal([30100], udp.NodePorts.Allocated());
    }
}
