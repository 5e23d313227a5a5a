using k8s.Models;
using static MiniApiServer.Registry.Services.ServiceSpecFacts;

namespace MiniApiServer.Registry.Services;

/// <summary>
/// Registry-time fix-ups of the linked Service fields before validation: keeping clusterIP and clusterIPs in
/// step, re-filling values the server allocated when a client resubmits its original manifest, and wiping
/// fields a type change made meaningless (pkg/registry/core/service/storage/storage.go normalizeClusterIPs,
/// patchAllocatedValues; pkg/registry/core/service/strategy.go dropTypeDependentFields).
/// </summary>
internal static class ServiceNormalization
{
    /// <summary>normalizeClusterIPs: <paramref name="old"/> is null on create.</summary>
    public static void NormalizeClusterIPs(V1ServiceSpec spec, V1ServiceSpec? old)
    {
        var clusterIP = spec.ClusterIP ?? "";
        if (old is null)
        {
            // An old client sets only the singular field; the plural is never derived the other way round.
            if (clusterIP.Length > 0 && Count(spec.ClusterIPs) == 0)
            {
                spec.ClusterIPs = [clusterIP];
            }
            return;
        }

        var oldClusterIP = old.ClusterIP ?? "";
        // A client that does not know clusterIPs dropped it while keeping clusterIP.
        if (Count(old.ClusterIPs) > 0 && Count(spec.ClusterIPs) == 0 && oldClusterIP == clusterIP)
        {
            spec.ClusterIPs = [.. old.ClusterIPs!];
        }
        if (oldClusterIP != clusterIP)
        {
            if (oldClusterIP.Length > 0 && clusterIP.Length == 0)
            {
                if (SameList(old.ClusterIPs, spec.ClusterIPs))
                {
                    spec.ClusterIPs = null;
                }
            }
            else if (SameList(old.ClusterIPs, spec.ClusterIPs))
            {
                // Only the singular changed: the plural follows, and validation reports the change.
                spec.ClusterIPs = [clusterIP];
            }
        }
    }

    /// <summary>patchAllocatedValues: let a resubmitted manifest keep what was allocated for it.</summary>
    public static void PatchAllocatedValues(V1ServiceSpec spec, V1ServiceSpec old)
    {
        if (NeedsClusterIP(old) && NeedsClusterIP(spec))
        {
            if (string.IsNullOrEmpty(spec.ClusterIP))
            {
                spec.ClusterIP = old.ClusterIP;
            }
            if (Count(spec.ClusterIPs) == 0 && Count(old.ClusterIPs) > 0)
            {
                spec.ClusterIPs = [.. old.ClusterIPs!];
            }
        }

        if (NeedsNodePort(old) && NeedsNodePort(spec))
        {
            // nodePorts present in both cannot be handed to another port.
            var used = NodePortsOf(old);
            used.IntersectWith(NodePortsOf(spec));
            var byName = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var port in old.Ports ?? [])
            {
                byName[port.Name ?? ""] = port.NodePort ?? 0;
            }
            foreach (var port in spec.Ports ?? [])
            {
                if ((port.NodePort ?? 0) == 0
                    && byName.TryGetValue(port.Name ?? "", out var previous)
                    && previous != 0
                    && !used.Contains(previous))
                {
                    port.NodePort = previous;
                }
            }
        }

        if (NeedsHealthCheckNodePort(old) && NeedsHealthCheckNodePort(spec) && (spec.HealthCheckNodePort ?? 0) == 0)
        {
            spec.HealthCheckNodePort = old.HealthCheckNodePort;
        }
    }

    /// <summary>
    /// dropTypeDependentFields (update only): wipe a field when the new type no longer uses it, the server may
    /// have set it, and the client did not also change it (a changed value is left for validation to reject).
    /// </summary>
    public static void DropTypeDependentFields(V1Service service, V1ServiceSpec old)
    {
        var spec = service.Spec;
        if (NeedsClusterIP(old) && !NeedsClusterIP(spec))
        {
            if ((old.ClusterIP ?? "") == (spec.ClusterIP ?? "") && SameList(old.ClusterIPs, spec.ClusterIPs))
            {
                spec.ClusterIP = null;
                spec.ClusterIPs = null;
            }
            if (DeepEqual(old.IpFamilies, spec.IpFamilies))
            {
                spec.IpFamilies = null;
            }
            if ((old.IpFamilyPolicy ?? "") == (spec.IpFamilyPolicy ?? ""))
            {
                spec.IpFamilyPolicy = null;
            }
        }

        // Ports may be added, removed or changed as long as no nodePort is new.
        if (NeedsNodePort(old) && !NeedsNodePort(spec) && NodePortsOf(old).IsSupersetOf(NodePortsOf(spec)))
        {
            foreach (var port in spec.Ports ?? [])
            {
                port.NodePort = null;
            }
        }

        if (NeedsHealthCheckNodePort(old) && !NeedsHealthCheckNodePort(spec)
            && (old.HealthCheckNodePort ?? 0) == (spec.HealthCheckNodePort ?? 0))
        {
            spec.HealthCheckNodePort = null;
        }

        if (old.Type == LoadBalancer && spec.Type != LoadBalancer
            && spec.AllocateLoadBalancerNodePorts is { } allocate && old.AllocateLoadBalancerNodePorts == allocate)
        {
            spec.AllocateLoadBalancerNodePorts = null;
        }

        if (old.Type == LoadBalancer && spec.Type != LoadBalancer && old.LoadBalancerClass == spec.LoadBalancerClass)
        {
            spec.LoadBalancerClass = null;
        }

        if (ExternallyAccessible(old) && !ExternallyAccessible(spec)
            && (old.ExternalTrafficPolicy ?? "") == (spec.ExternalTrafficPolicy ?? ""))
        {
            spec.ExternalTrafficPolicy = null;
        }

        // Load-balancer de-provisioning is asynchronous, but the user need not see a stale ingress.
        if (spec.Type != LoadBalancer)
        {
            (service.Status ??= new V1ServiceStatus()).LoadBalancer = new V1LoadBalancerStatus();
        }
    }

    private static HashSet<int> NodePortsOf(V1ServiceSpec spec) =>
        (spec.Ports ?? []).Select(p => p.NodePort ?? 0).Where(n => n != 0).ToHashSet();

    /// <summary>reflect.DeepEqual on two slices: a nil slice differs from an empty one.</summary>
    private static bool DeepEqual(IList<string>? a, IList<string>? b) =>
        a is null || b is null ? a is null && b is null : a.SequenceEqual(b, StringComparer.Ordinal);
}
