using k8s.Models;

namespace MiniApiServer.Registry.Pods;

/// <summary>
/// Normalisation of a write through <c>pods/{name}/status</c> (pkg/registry/core/pod/strategy.go
/// podStatusStrategy.PrepareForUpdate, preserveOldObservedGeneration) and the podIP/podIPs and hostIP/hostIPs
/// reconciliation that upstream's v1→internal status conversion applies to every decoded status.
/// </summary>
internal static class PodStatusRules
{
    public static void PrepareForStatusUpdate(V1Pod pod, V1Pod old)
    {
        pod.Spec = old.Spec;
        var meta = pod.Metadata ??= new V1ObjectMeta();
        var oldMeta = old.Metadata ?? new V1ObjectMeta();
        meta.Generation = oldMeta.Generation;
        meta.DeletionTimestamp = oldMeta.DeletionTimestamp;
        // Old kubelets corrupt owner references in a way that breaks garbage collection.
        meta.OwnerReferences = oldMeta.OwnerReferences;

        var status = pod.Status ??= new V1PodStatus();
        var oldStatus = old.Status ?? new V1PodStatus();
        // The QoS class is immutable; old kubelets dropped it when they rejected a pod.
        if (string.IsNullOrEmpty(status.QosClass))
        {
            status.QosClass = oldStatus.QosClass;
        }
        PreserveObservedGeneration(status, oldStatus);
        ReconcileIps(status);
    }

    /// <summary>
    /// The singular field is authoritative for old clients: only podIP → podIPs is [podIP]; only podIPs → podIP is
    /// the first; both but disagreeing → podIPs is replaced by [podIP]. hostIP/hostIPs the same way.
    /// </summary>
    public static void ReconcileIps(V1PodStatus status)
    {
        if (!string.IsNullOrEmpty(status.PodIP) && (status.PodIPs is not { Count: > 0 } || status.PodIPs[0].Ip != status.PodIP))
        {
            status.PodIPs = [new V1PodIP { Ip = status.PodIP }];
        }
        else if (status.PodIPs is { Count: > 0 } podIps)
        {
            status.PodIP = podIps[0].Ip;
        }

        if (!string.IsNullOrEmpty(status.HostIP) && (status.HostIPs is not { Count: > 0 } || status.HostIPs[0].Ip != status.HostIP))
        {
            status.HostIPs = [new V1HostIP { Ip = status.HostIP }];
        }
        else if (status.HostIPs is { Count: > 0 } hostIps)
        {
            status.HostIP = hostIps[0].Ip;
        }
    }

    /// <summary>A status write that omits observedGeneration (0) keeps the stored one, per condition type in order.</summary>
    private static void PreserveObservedGeneration(V1PodStatus status, V1PodStatus oldStatus)
    {
        if (status.ObservedGeneration is null or 0)
        {
            status.ObservedGeneration = oldStatus.ObservedGeneration;
        }
        var oldByType = (oldStatus.Conditions ?? [])
            .GroupBy(c => c.Type ?? "", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new Queue<long?>(g.Select(c => c.ObservedGeneration)), StringComparer.Ordinal);
        foreach (var condition in status.Conditions ?? [])
        {
            var previous = oldByType.TryGetValue(condition.Type ?? "", out var queue) && queue.Count > 0 ? queue.Dequeue() : null;
            if (condition.ObservedGeneration is null or 0)
            {
                condition.ObservedGeneration = previous;
            }
        }
    }
}
