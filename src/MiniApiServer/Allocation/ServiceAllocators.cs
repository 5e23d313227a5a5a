using System.Net;
using k8s.Models;
using MiniApiServer.Machinery;

namespace MiniApiServer.Allocation;

/// <summary>
/// The cluster's Service allocators: one <see cref="IpAllocator"/> per configured service CIDR (the primary family
/// first; two means dual-stack) and the NodePort allocator. Their state is derived: <see cref="Rebuild"/> recomputes it
/// from the stored Services, so there is no second copy of the truth to drift.
/// </summary>
internal sealed class ServiceAllocators
{
    /// <param name="clusterIpRanges">The service CIDRs, primary first, each masked to its network.</param>
    /// <param name="nodePorts">The node port range.</param>
    public ServiceAllocators(IReadOnlyList<IPNetwork> clusterIpRanges, PortRange nodePorts)
    {
        ClusterIps = [.. clusterIpRanges.Select(range => new IpAllocator(range))];
        NodePorts = new PortAllocator(nodePorts);
    }

    /// <summary>In the order of <c>--service-cluster-ip-range</c>: the primary family first.</summary>
    public IReadOnlyList<IpAllocator> ClusterIps { get; }

    public IpAllocator Primary => ClusterIps[0];

    public bool IsDualStack => ClusterIps.Count > 1;

    public PortAllocator NodePorts { get; }

    /// <summary>The allocator of a Kubernetes IP family ("IPv4" or "IPv6"), or null when that family is not configured.</summary>
    public IpAllocator? ForFamily(string family) => ClusterIps.FirstOrDefault(a => a.Family == family);

    /// <summary>
    /// Forgets every allocation and marks each ClusterIP and NodePort the stored Services hold, as kube-apiserver's
    /// repair controllers rebuild their bitmaps. A value out of range or held twice is left as it is and reported, for
    /// the caller to log. Meant for start-up, before requests are served: allocations made while it runs may be lost.
    /// </summary>
    public IReadOnlyList<AllocationProblem> Rebuild(IEnumerable<V1Service> stored)
    {
        foreach (var allocator in ClusterIps)
        {
            allocator.Clear();
        }
        NodePorts.Clear();

        var problems = new List<AllocationProblem>();
        foreach (var service in stored)
        {
            foreach (var ip in ClusterIpsOf(service.Spec))
            {
                if (MarkClusterIp(ip) is { } problem)
                {
                    problems.Add(new AllocationProblem(service, problem.Reason, problem.Message));
                }
            }
            foreach (var port in NodePortsOf(service.Spec))
            {
                if (MarkNodePort(port) is { } problem)
                {
                    problems.Add(new AllocationProblem(service, problem.Reason, problem.Message));
                }
            }
        }
        return problems;
    }

    /// <summary>
    /// repairip.go syncService, the repair of the ServiceCIDR allocator kube-apiserver 1.33 runs: an IP of a family no
    /// CIDR serves is as out of range as any other. For an unparsable IP it prints the nil address it parsed (Go prints
    /// <c>&lt;nil&gt;</c>), so the event says exactly that.
    /// </summary>
    private (string Reason, string Message)? MarkClusterIp(string text)
    {
        if (GoIp.ParseSloppy(text) is not { } bytes)
        {
            return ("ClusterIPNotValid", "Cluster IP <nil> is not a valid IP; please recreate Service");
        }
        var ip = IpRange.Normalize(new IPAddress(bytes));
        var family = GoIp.Is4(bytes) ? IpRange.IPv4 : IpRange.IPv6;
        var result = ForFamily(family) is { } allocator ? allocator.Allocate(ip).ErrorKind : AllocationErrorKind.NotInRange;
        return result switch
        {
            null => null,
            AllocationErrorKind.NotInRange =>
                ("ClusterIPOutOfRange", $"Cluster IP [{family}]: {ip} is not within any configured Service CIDR; please recreate service"),
            _ => ("ClusterIPAlreadyAllocated", $"Cluster IP [{family}]:{ip} was assigned to multiple services; please recreate service"),
        };
    }

    private (string Reason, string Message)? MarkNodePort(int port) => NodePorts.Allocate(port).ErrorKind switch
    {
        null => null,
        AllocationErrorKind.NotInRange =>
            ("PortOutOfRange", $"Port {port} is not within the port range {NodePorts.Range}; please recreate service"),
        _ => ("PortAlreadyAllocated", $"Port {port} was assigned to multiple services; please recreate service"),
    };

    /// <summary>
    /// spec.clusterIPs of a Service that has a ClusterIP (helper.IsServiceIPSet: not empty, not "None"); a Service stored
    /// before clusterIPs existed has only spec.clusterIP.
    /// </summary>
    private static IEnumerable<string> ClusterIpsOf(V1ServiceSpec? spec)
    {
        if (spec is null || string.IsNullOrEmpty(spec.ClusterIP) || spec.ClusterIP == "None")
        {
            return [];
        }
        var ips = spec.ClusterIPs is { Count: > 0 } list ? list : [spec.ClusterIP];
        return ips.Where(ip => !string.IsNullOrEmpty(ip) && ip != "None");
    }

    /// <summary>
    /// The NodePorts a Service holds (portallocator/controller/repair.go collectServiceNodePorts): one nodePort shared
    /// by ports of different protocols counts once, the same nodePort twice with one protocol counts twice (and so is
    /// reported), and healthCheckNodePort counts unless a non-TCP port alone already holds it.
    /// </summary>
    private static List<int> NodePortsOf(V1ServiceSpec? spec)
    {
        var ports = new List<int>();
        if (spec is null)
        {
            return ports;
        }
        var protocolsByPort = new Dictionary<int, HashSet<string>>();
        foreach (var servicePort in spec.Ports ?? [])
        {
            if (servicePort.NodePort is not (> 0 and var nodePort))
            {
                continue;
            }
            var protocol = servicePort.Protocol ?? "TCP";
            if (!protocolsByPort.TryGetValue(nodePort, out var protocols))
            {
                protocolsByPort[nodePort] = [protocol];
                ports.Add(nodePort);
            }
            else if (!protocols.Add(protocol))
            {
                ports.Add(nodePort);
            }
        }
        if (spec.HealthCheckNodePort is > 0 and var health
            && (!protocolsByPort.TryGetValue(health, out var held) || held.Contains("TCP")))
        {
            ports.Add(health);
        }
        return ports;
    }
}
