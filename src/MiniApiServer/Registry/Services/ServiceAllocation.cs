using System.Net;
using k8s.Models;
using MiniApiServer.Allocation;
using MiniApiServer.Machinery;
using MiniApiServer.Registry.Events;

namespace MiniApiServer.Registry.Services;

/// <summary>
/// Gives Services their cluster IPs and node ports (pkg/registry/core/service/storage/alloc.go): taken before
/// validation, given back if the write does not happen, released after a delete or when an update no longer needs
/// them. The allocators are rebuilt from the stored Services at start-up, so they never drift from the objects.
/// </summary>
internal sealed partial class ServiceAllocation : IWriteHook, IDeleteHook
{
    private const string None = "None";
    private const string IpRepair = "ipallocator-repair-controller";
    private const string PortRepair = "portallocator-repair-controller";

    private readonly ServiceAllocators _allocators;
    private readonly EventRecorder _events;
    private readonly ILogger _logger;

    public ServiceAllocation(ServiceAllocators allocators, EventRecorder events, ILogger<ServiceAllocation> logger)
    {
        _allocators = allocators;
        _events = events;
        _logger = logger;
    }

    /// <summary>
    /// Marks what the stored Services hold, as kube-apiserver's repair controllers do, and logs what cannot be held and
    /// records it as they do: a Warning event on the Service, through events.k8s.io, from the IP or the port repair
    /// controller (repairip.go syncService, portallocator/controller/repair.go runOnce). Marking what was not yet
    /// marked is no repair here: the allocators are derived from the Services at every start by design.
    /// </summary>
    public void Rebuild(IEnumerable<object> stored)
    {
        foreach (var problem in _allocators.Rebuild(stored.Cast<V1Service>()))
        {
            LogRepairProblem(_logger, problem.Namespace, problem.Name, problem.Reason, problem.Message);
            var controller = problem.IsClusterIp ? IpRepair : PortRepair;
            var action = !problem.IsClusterIp ? "PortAllocation" : problem.Reason == "ClusterIPNotValid" ? "ClusterIPValidation" : "ClusterIPAllocation";
            _events.Eventf(controller, EventRecorder.Instance(controller), EventRecorder.Reference(problem.Service, "v1", "Service"),
                "Warning", problem.Reason, action, problem.Message);
        }
    }

    public WriteReservation? BeginCreate(object obj, bool dryRun) => Allocate((V1Service)obj, old: null, dryRun);

    public WriteReservation? BeginUpdate(object obj, object old, bool dryRun) => Allocate((V1Service)obj, (V1Service)old, dryRun);

    public Task AfterDeleteAsync(GenericRegistry registry, DeletedObject deleted, CancellationToken ct)
    {
        var svc = (V1Service)ObjectCodec.Decode(deleted.LastJson, typeof(V1Service));
        Release(Ips(svc), NodePorts(svc));
        return Task.CompletedTask;
    }

    /// <summary>
    /// Takes what <paramref name="svc"/> needs and <paramref name="old"/> did not hold, filling unset IPs and ports.
    /// A dry run checks requested values and fills placeholders but keeps nothing.
    /// </summary>
    private WriteReservation Allocate(V1Service svc, V1Service? old, bool dryRun)
    {
        var taken = new Taken();
        try
        {
            AllocateIps(svc, old is null ? [] : Ips(old), dryRun, taken);
            AllocateNodePorts(svc, old is null ? [] : NodePorts(old), dryRun, taken);
        }
        catch
        {
            Release(taken.Ips, taken.Ports);
            throw;
        }
        var releaseOnCommit = old is null
            ? (Ips: new List<IPAddress>(), Ports: new List<int>())
            : (Ips: Ips(old).Except(Ips(svc)).ToList(), Ports: NodePorts(old).Except(NodePorts(svc)).ToList());
        return new WriteReservation(
            revert: () => Release(taken.Ips, taken.Ports),
            commit: () => Release(releaseOnCommit.Ips, releaseOnCommit.Ports));
    }

    private void AllocateIps(V1Service svc, IReadOnlyCollection<IPAddress> held, bool dryRun, Taken taken)
    {
        var spec = svc.Spec ??= new V1ServiceSpec();
        if (spec.Type == "ExternalName" || spec.ClusterIP == None || (spec.ClusterIPs is { Count: > 0 } c && c[0] == None))
        {
            return;
        }
        var families = spec.IpFamilies is { Count: > 0 } f ? f : [_allocators.Primary.Family];
        var ips = spec.ClusterIPs is { Count: > 0 } ? new List<string>(spec.ClusterIPs) : [];
        if (ips.Count == 0 && !string.IsNullOrEmpty(spec.ClusterIP))
        {
            ips.Add(spec.ClusterIP);
        }
        for (var i = 0; i < families.Count; i++)
        {
            var allocator = _allocators.ForFamily(families[i]);
            if (allocator is null)
            {
                continue; // validation reports a family this cluster does not serve
            }
            if (i < ips.Count)
            {
                if (!IPAddress.TryParse(ips[i], out var requested) || held.Contains(requested))
                {
                    continue; // malformed values are validation's to report; held ones stay
                }
                var result = allocator.Allocate(requested, dryRun);
                if (!result.Succeeded)
                {
                    throw ApiException.Invalid("Service", svc.Metadata.Name ?? "",
                        [FieldError.Invalid("spec.clusterIPs", (IEnumerable<string>)ips, $"failed to allocate IP {ips[i]}: {result.Message}")]);
                }
                if (!dryRun)
                {
                    taken.Ips.Add(requested);
                }
                continue;
            }
            var next = Next(allocator.AllocateNext, "serviceIP");
            if (dryRun)
            {
                allocator.Release(next);
            }
            else
            {
                taken.Ips.Add(next);
            }
            ips.Add(GoIpText.Format(next));
        }
        spec.ClusterIPs = ips;
        spec.ClusterIP = ips.Count > 0 ? ips[0] : spec.ClusterIP;
    }

    /// <summary>Node ports for NodePort and LoadBalancer Services; ports sharing a port number (TCP and UDP) share one.</summary>
    private void AllocateNodePorts(V1Service svc, IReadOnlyCollection<int> held, bool dryRun, Taken taken)
    {
        var spec = svc.Spec!;
        var needsPorts = spec.Type is "NodePort" || (spec.Type is "LoadBalancer" && spec.AllocateLoadBalancerNodePorts != false);
        var ports = spec.Ports ?? [];
        var byPortNumber = new Dictionary<int, int>();
        for (var i = 0; i < ports.Count; i++)
        {
            var port = ports[i];
            if (port.NodePort is > 0 and var requested)
            {
                if (!held.Contains(requested) && !taken.Ports.Contains(requested))
                {
                    var result = _allocators.NodePorts.Allocate(requested, dryRun);
                    if (!result.Succeeded)
                    {
                        throw ApiException.Invalid("Service", svc.Metadata.Name ?? "",
                            [FieldError.Invalid($"spec.ports[{i}].nodePort", requested, result.Message)]);
                    }
                    if (!dryRun)
                    {
                        taken.Ports.Add(requested);
                    }
                }
                byPortNumber.TryAdd(port.Port, requested);
            }
        }
        if (!needsPorts)
        {
            return;
        }
        foreach (var port in ports.Where(p => p.NodePort is null or 0))
        {
            if (!byPortNumber.TryGetValue(port.Port, out var nodePort))
            {
                nodePort = Next(_allocators.NodePorts.AllocateNext, "nodePort");
                if (dryRun)
                {
                    _allocators.NodePorts.Release(nodePort);
                }
                else
                {
                    taken.Ports.Add(nodePort);
                }
                byPortNumber[port.Port] = nodePort;
            }
            port.NodePort = nodePort;
        }
        if (spec.HealthCheckNodePort is > 0 and var requestedHealth && !held.Contains(requestedHealth) && !taken.Ports.Contains(requestedHealth))
        {
            var result = _allocators.NodePorts.Allocate(requestedHealth, dryRun);
            if (!result.Succeeded)
            {
                throw ApiException.Invalid("Service", svc.Metadata.Name ?? "",
                    [FieldError.Invalid("spec.healthCheckNodePort", requestedHealth, result.Message)]);
            }
            if (!dryRun)
            {
                taken.Ports.Add(requestedHealth);
            }
        }
        if (spec.Type == "LoadBalancer" && spec.ExternalTrafficPolicy == "Local" && spec.HealthCheckNodePort is null or 0)
        {
            var health = Next(_allocators.NodePorts.AllocateNext, "nodePort");
            if (dryRun)
            {
                _allocators.NodePorts.Release(health);
            }
            else
            {
                taken.Ports.Add(health);
            }
            spec.HealthCheckNodePort = health;
        }
    }

    private static T Next<T>(Func<T> allocateNext, string what)
    {
        try
        {
            return allocateNext();
        }
        catch (AllocationException e) when (e.Kind == AllocationErrorKind.RangeFull)
        {
            throw ApiException.Internal($"failed to allocate a {what}: {e.Message}");
        }
    }

    private void Release(IEnumerable<IPAddress> ips, IEnumerable<int> ports)
    {
        foreach (var ip in ips)
        {
            foreach (var allocator in _allocators.ClusterIps)
            {
                allocator.Release(ip);
            }
        }
        foreach (var port in ports)
        {
            _allocators.NodePorts.Release(port);
        }
    }

    private static List<IPAddress> Ips(V1Service svc) =>
        [.. (svc.Spec?.ClusterIPs ?? []).Where(ip => ip != None).Select(ip => IPAddress.TryParse(ip, out var a) ? a : null).OfType<IPAddress>()];

    private static List<int> NodePorts(V1Service svc)
    {
        var ports = (svc.Spec?.Ports ?? []).Where(p => p.NodePort > 0).Select(p => p.NodePort!.Value).ToList();
        if (svc.Spec?.HealthCheckNodePort is > 0 and var health)
        {
            ports.Add(health);
        }
        return [.. ports.Distinct()];
    }

    private sealed class Taken
    {
        public List<IPAddress> Ips { get; } = [];

        public List<int> Ports { get; } = [];
    }

    [LoggerMessage(EventId = 400, Level = LogLevel.Warning, Message = "Service {Namespace}/{Name}: {Reason}: {Message}")]
    private static partial void LogRepairProblem(ILogger logger, string @namespace, string name, string reason, string message);
}
