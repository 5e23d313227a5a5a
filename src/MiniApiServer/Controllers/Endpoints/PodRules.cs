using System.Net.Sockets;
using k8s.Models;

namespace MiniApiServer.Controllers.Endpoints;

/// <summary>
/// What the endpoints and endpointslice controllers ask of a Pod and a Service
/// (staging/src/k8s.io/endpointslice/util/controller_utils.go, pkg/api/v1/pod/util.go).
/// </summary>
internal static class PodRules
{
    /// <summary>podutil.IsPodReady: the Ready condition is "True".</summary>
    public static bool IsReady(V1Pod pod) => ReadyCondition(pod)?.Status == "True";

    public static V1PodCondition? ReadyCondition(V1Pod pod) => pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready");

    /// <summary>podutil.IsPodTerminal: Succeeded or Failed.</summary>
    public static bool IsTerminal(V1Pod pod) => pod.Status?.Phase is "Succeeded" or "Failed";

    /// <summary>
    /// ShouldPodBeInEndpoints: not terminal, has an IP, and not being deleted unless terminating pods are kept
    /// (<c>publishNotReadyAddresses</c> for Endpoints; always for EndpointSlices, which mark them terminating).
    /// </summary>
    public static bool ShouldBeInEndpoints(V1Pod pod, bool includeTerminating) =>
        !IsTerminal(pod)
        && (!string.IsNullOrEmpty(pod.Status?.PodIP) || pod.Status?.PodIPs is { Count: > 0 })
        && (includeTerminating || pod.Metadata.DeletionTimestamp is null);

    /// <summary>ShouldSetHostname: the pod names a hostname and puts itself in this Service's subdomain.</summary>
    public static bool ShouldSetHostname(V1Pod pod, V1Service service) =>
        !string.IsNullOrEmpty(pod.Spec?.Hostname) && pod.Spec.Subdomain == service.Metadata.Name
        && pod.Metadata.NamespaceProperty == service.Metadata.NamespaceProperty;

    /// <summary>True when the Service selects pods (a nil selector means the endpoints are the user's).</summary>
    public static bool HasSelector(V1Service service) => service.Spec?.Selector is not null;

    /// <summary>labels.Set(selector).AsSelectorPreValidated().Matches: every pair equal; an empty selector selects everything.</summary>
    public static bool Selects(V1Service service, V1Pod pod)
    {
        if (service.Spec?.Selector is not { } selector)
        {
            return false;
        }
        var labels = pod.Metadata.Labels;
        foreach (var (key, value) in selector)
        {
            if (labels is null || !labels.TryGetValue(key, out var have) || have != value)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// podutil.FindPort: a number is used as it is; a name is looked up among the pod's container ports (then the
    /// ports of restartable init containers) with the Service port's protocol. Null when the pod has no such port.
    /// </summary>
    public static int? FindPort(V1Pod pod, V1ServicePort servicePort)
    {
        var target = servicePort.TargetPort;
        if (target is null)
        {
            return servicePort.Port;
        }
        if (int.TryParse(target.Value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }
        var protocol = servicePort.Protocol ?? "TCP";
        foreach (var container in pod.Spec?.Containers ?? [])
        {
            if (Find(container.Ports, target.Value, protocol) is { } found)
            {
                return found;
            }
        }
        foreach (var container in pod.Spec?.InitContainers ?? [])
        {
            if (container.RestartPolicy == "Always" && Find(container.Ports, target.Value, protocol) is { } found)
            {
                return found;
            }
        }
        return null;
    }

    private static int? Find(IList<V1ContainerPort>? ports, string name, string protocol) =>
        ports?.FirstOrDefault(p => p.Name == name && (p.Protocol ?? "TCP") == protocol)?.ContainerPort;

    /// <summary>
    /// The pod IP of the Service's first IP family (podToEndpointAddressForService): its ipFamilies[0], else the family of
    /// its cluster IP, else (headless) of the pod IP. Null when the pod has no IP of that family.
    /// </summary>
    public static string? IpFor(V1Service service, V1Pod pod)
    {
        bool ipv6;
        if (service.Spec?.IpFamilies is { Count: > 0 } families)
        {
            ipv6 = families[0] == "IPv6";
        }
        else if (service.Spec?.ClusterIP is { Length: > 0 } clusterIp && clusterIp != "None")
        {
            ipv6 = IsIpv6(clusterIp);
        }
        else
        {
            ipv6 = IsIpv6(pod.Status?.PodIP);
        }
        return pod.Status?.PodIPs?.Select(p => p.Ip).FirstOrDefault(ip => IsIpv6(ip) == ipv6);
    }

    public static bool IsIpv6(string? ip) =>
        ip is not null && System.Net.IPAddress.TryParse(ip, out var parsed) && parsed.AddressFamily == AddressFamily.InterNetworkV6;

    /// <summary>
    /// podEndpointsChanged: whether an update changes what the pod contributes to endpoints (deletion, readiness, IPs),
    /// and whether it may change which Services select it (labels, hostname, subdomain).
    /// </summary>
    public static (bool PodChanged, bool LabelsChanged) EndpointsChanged(V1Pod old, V1Pod current)
    {
        var labelsChanged = !SameMap(old.Metadata.Labels, current.Metadata.Labels)
            || old.Spec?.Hostname != current.Spec?.Hostname || old.Spec?.Subdomain != current.Spec?.Subdomain;
        if (old.Metadata.DeletionTimestamp != current.Metadata.DeletionTimestamp || IsReady(old) != IsReady(current))
        {
            return (true, labelsChanged);
        }
        var oldIps = old.Status?.PodIPs ?? [];
        var newIps = current.Status?.PodIPs ?? [];
        if (oldIps.Count != newIps.Count || oldIps.Zip(newIps).Any(p => p.First.Ip != p.Second.Ip))
        {
            return (true, labelsChanged);
        }
        // Name, namespace and UID never change, and nodeName is set before the pod has an IP. A terminal phase also
        // changes readiness, which is what moves the pod out.
        return (false, labelsChanged);
    }

    /// <summary>
    /// GetServicesToUpdateOnPodChange: the keys of the Services a pod update concerns. Relevant changes only: the
    /// Services selecting it now; labels too: old and new ones; labels only: those it joined or left.
    /// </summary>
    public static IEnumerable<string> ServicesToUpdate(Func<V1Pod, HashSet<string>> memberships, V1Pod old, V1Pod current)
    {
        if (old.Metadata.ResourceVersion == current.Metadata.ResourceVersion)
        {
            return [];
        }
        var (podChanged, labelsChanged) = EndpointsChanged(old, current);
        if (!podChanged && !labelsChanged)
        {
            return [];
        }
        var now = memberships(current);
        if (!labelsChanged)
        {
            return now;
        }
        var before = memberships(old);
        if (podChanged)
        {
            before.UnionWith(now);
            return before;
        }
        before.SymmetricExceptWith(now);
        return before;
    }

    /// <summary>cache.MetaNamespaceKeyFunc: <c>namespace/name</c>.</summary>
    public static string Key(V1ObjectMeta meta) => meta.NamespaceProperty + "/" + meta.Name;

    public static (string Namespace, string Name) SplitKey(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return (key[..slash], key[(slash + 1)..]);
    }

    public static bool SameMap(IDictionary<string, string>? a, IDictionary<string, string>? b)
    {
        var ac = a?.Count ?? 0;
        if (ac != (b?.Count ?? 0))
        {
            return false;
        }
        return ac == 0 || a!.All(p => b!.TryGetValue(p.Key, out var v) && v == p.Value);
    }
}
