using k8s.Models;

namespace MiniApiServer.Registry.Pods;

/// <summary>The Pod QoS class (pkg/apis/core/helper/qos/qos.go GetPodQOS / ComputePodQOS).</summary>
internal static class QosClass
{
    public const string Guaranteed = "Guaranteed";
    public const string Burstable = "Burstable";
    public const string BestEffort = "BestEffort";

    private static readonly string[] ComputeResources = ["cpu", "memory"];

    /// <summary>The stored class when there is one (it is immutable once set), else the computed one.</summary>
    public static string Get(V1Pod pod) =>
        pod.Status?.QosClass is { Length: > 0 } stored ? stored : Compute(pod.Spec);

    /// <summary>
    /// BestEffort: no cpu/memory request or limit anywhere. Guaranteed: every container limits both cpu and memory
    /// and the summed requests equal the summed limits. Otherwise Burstable. Pod-level resources, when they name
    /// cpu or memory, replace the containers' (the PodLevelResources path).
    /// </summary>
    public static string Compute(V1PodSpec? spec)
    {
        var requests = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var limits = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var guaranteed = true;

        if (spec?.Resources is { } podLevel && HasComputeResource(podLevel))
        {
            Add(requests, podLevel.Requests);
            if (podLevel.Limits is { Count: > 0 })
            {
                guaranteed = Add(limits, podLevel.Limits).IsSupersetOf(ComputeResources);
            }
        }
        else
        {
            // Ephemeral containers cannot declare resources, so they never count.
            foreach (var container in spec is null ? [] : PodDefaults.Containers(spec))
            {
                Add(requests, container.Resources?.Requests);
                if (!Add(limits, container.Resources?.Limits).IsSupersetOf(ComputeResources))
                {
                    guaranteed = false;
                }
            }
        }

        if (requests.Count == 0 && limits.Count == 0)
        {
            return BestEffort;
        }
        if (guaranteed && requests.All(r => limits.TryGetValue(r.Key, out var l) && l == r.Value) && requests.Count == limits.Count)
        {
            return Guaranteed;
        }
        return Burstable;
    }

    private static bool HasComputeResource(V1ResourceRequirements resources) =>
        (resources.Requests?.Keys ?? []).Concat(resources.Limits?.Keys ?? []).Any(IsPodLevelResource);

    /// <summary>component-helpers resource.IsSupportedPodLevelResource: cpu, memory and hugepages.</summary>
    private static bool IsPodLevelResource(string name) =>
        name is "cpu" or "memory" || name.StartsWith("hugepages-", StringComparison.Ordinal);

    /// <summary>Adds the positive cpu/memory quantities of <paramref name="list"/>; returns the names added.</summary>
    private static HashSet<string> Add(Dictionary<string, decimal> sums, IDictionary<string, ResourceQuantity>? list)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, quantity) in list ?? new Dictionary<string, ResourceQuantity>())
        {
            if (!ComputeResources.Contains(name))
            {
                continue;
            }
            var value = quantity.ToDecimal();
            if (value > 0)
            {
                found.Add(name);
                sums[name] = sums.GetValueOrDefault(name) + value;
            }
        }
        return found;
    }
}
