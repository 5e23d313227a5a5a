using k8s.Models;
using MiniApiServer.Controllers.Endpoints;
using MiniApiServer.Registry.EndpointSlices;

namespace MiniApiServer.Controllers.EndpointSlices;

/// <summary>
/// The pieces of an EndpointSlice made from a Service and its pods (staging/src/k8s.io/endpointslice/utils.go and
/// util/endpointset.go): an endpoint per pod, the ports of a pod, the key endpoints are matched by across syncs, and
/// the labels a managed slice carries.
/// </summary>
internal static class SliceEndpoints
{
    public const string ServiceNameLabel = EndpointSliceConventions.LabelServiceName;
    public const string ManagedByLabel = EndpointSliceConventions.LabelManagedBy;
    public const string HeadlessLabel = "service.kubernetes.io/headless";
    public const string TriggerTimeAnnotation = "endpoints.kubernetes.io/last-change-trigger-time";

    /// <summary>podToEndpoint: ready only when serving and not terminating (or publishNotReadyAddresses).</summary>
    public static V1Endpoint FromPod(V1Pod pod, V1Node? node, V1Service service, string addressType)
    {
        var serving = PodRules.IsReady(pod);
        var terminating = pod.Metadata.DeletionTimestamp is not null;
        var ready = service.Spec?.PublishNotReadyAddresses == true || (serving && !terminating);
        var zone = node?.Metadata.Labels?.TryGetValue("topology.kubernetes.io/zone", out var z) == true && z.Length > 0 ? z : null;
        return new V1Endpoint
        {
            Addresses = [.. Addresses(pod, addressType)],
            Conditions = new V1EndpointConditions { Ready = ready, Serving = serving, Terminating = terminating },
            TargetRef = new V1ObjectReference
            {
                Kind = "Pod",
                NamespaceProperty = pod.Metadata.NamespaceProperty,
                Name = pod.Metadata.Name,
                Uid = pod.Metadata.Uid,
            },
            NodeName = string.IsNullOrEmpty(pod.Spec?.NodeName) ? null : pod.Spec.NodeName,
            Zone = zone,
            Hostname = PodRules.ShouldSetHostname(pod, service) ? pod.Spec!.Hostname : null,
        };
    }

    /// <summary>getEndpointAddresses: the pod IPs of the address type, written canonically.</summary>
    private static IEnumerable<string> Addresses(V1Pod pod, string addressType)
    {
        foreach (var podIp in pod.Status?.PodIPs ?? [])
        {
            if (!System.Net.IPAddress.TryParse(podIp.Ip, out var ip))
            {
                continue;
            }
            var ipv6 = ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
            if (ipv6 == (addressType == "IPv6"))
            {
                yield return ip.ToString();
            }
        }
    }

    /// <summary>getEndpointPorts: the Service's ports as this pod serves them; none for a portless headless Service.</summary>
    public static List<Discoveryv1EndpointPort> Ports(V1Service service, V1Pod pod)
    {
        var ports = new List<Discoveryv1EndpointPort>();
        foreach (var servicePort in service.Spec?.Ports ?? [])
        {
            if (PodRules.FindPort(pod, servicePort) is { } number)
            {
                ports.Add(new Discoveryv1EndpointPort
                {
                    Name = servicePort.Name ?? "",
                    Port = number,
                    Protocol = servicePort.Protocol ?? "TCP",
                    AppProtocol = servicePort.AppProtocol,
                });
            }
        }
        // NewPortMapKey sorts the ports it keys; any fixed order serves.
        ports.Sort((a, b) => string.CompareOrdinal(PortText(a), PortText(b)));
        return ports;
    }

    /// <summary>A port set as a key: slices group endpoints that offer exactly the same ports.</summary>
    public static string PortKey(IEnumerable<Discoveryv1EndpointPort>? ports) =>
        string.Join(";", (ports ?? []).Select(PortText).Order(StringComparer.Ordinal));

    private static string PortText(Discoveryv1EndpointPort p) => $"{p.Name}|{p.Port}|{p.Protocol ?? "TCP"}|{p.AppProtocol}";

    /// <summary>hashEndpoint: an endpoint is the same one across syncs when its addresses, hostname and target name are.</summary>
    public static string Key(V1Endpoint endpoint) =>
        string.Join(",", (endpoint.Addresses ?? []).Order(StringComparer.Ordinal)) + "|" + endpoint.Hostname + "|"
        + endpoint.TargetRef?.NamespaceProperty + "/" + endpoint.TargetRef?.Name;

    /// <summary>EndpointsEqualBeyondHash: conditions, node, zone and the target's identity.</summary>
    public static bool EqualBeyondKey(V1Endpoint a, V1Endpoint b) =>
        a.Conditions?.Ready == b.Conditions?.Ready && a.Conditions?.Serving == b.Conditions?.Serving
        && a.Conditions?.Terminating == b.Conditions?.Terminating && a.NodeName == b.NodeName && a.Zone == b.Zone
        && a.TargetRef?.Uid == b.TargetRef?.Uid && a.TargetRef?.Kind == b.TargetRef?.Kind;

    /// <summary>
    /// setEndpointSliceLabels: the Service's labels (reserved keys aside), the headless label when it has no cluster IP,
    /// the service-name and managed-by labels. Changed when the non-reserved labels differ from the Service's.
    /// </summary>
    public static (Dictionary<string, string> Labels, bool Changed) Labels(V1EndpointSlice slice, V1Service service, string controllerName)
    {
        var sliceLabels = (slice.Metadata.Labels ?? new Dictionary<string, string>()).Where(l => !IsReserved(l.Key)).ToDictionary();
        var labels = (service.Metadata.Labels ?? new Dictionary<string, string>()).Where(l => !IsReserved(l.Key))
            .ToDictionary(StringComparer.Ordinal);
        var changed = !PodRules.SameMap(sliceLabels, labels);
        if (service.Spec?.ClusterIP is not { Length: > 0 } ip || ip == "None")
        {
            labels[HeadlessLabel] = "";
        }
        labels[ServiceNameLabel] = service.Metadata.Name;
        labels[ManagedByLabel] = controllerName;
        return (labels, changed);
    }

    private static bool IsReserved(string key) => key is ServiceNameLabel or ManagedByLabel or HeadlessLabel;

    /// <summary>getAddressTypesForService: one per IP family (both for a headless Service without families).</summary>
    public static IReadOnlyList<string> AddressTypes(V1Service service)
    {
        if (service.Spec?.IpFamilies is { Count: > 0 } families)
        {
            return [.. families.Select(f => f == "IPv6" ? "IPv6" : "IPv4").Distinct()];
        }
        if (service.Spec?.ClusterIP is { Length: > 0 } ip && ip != "None")
        {
            return [PodRules.IsIpv6(ip) ? "IPv6" : "IPv4"];
        }
        return ["IPv4", "IPv6"];
    }

    /// <summary>getEndpointSlicePrefix: <c>service-</c>, or the bare name when the dash would make it invalid.</summary>
    public static string GenerateName(string serviceName) => serviceName.Length + 1 <= 253 ? serviceName + "-" : serviceName;

    public static bool OwnedBy(V1EndpointSlice slice, V1Service service) =>
        slice.Metadata.OwnerReferences?.Any(o => o.Uid == service.Metadata.Uid && o.Kind == "Service" && o.ApiVersion == "v1") == true;

    /// <summary>metav1.NewControllerRef for the Service.</summary>
    public static V1OwnerReference ControllerRef(V1Service service) => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Name = service.Metadata.Name,
        Uid = service.Metadata.Uid,
        Controller = true,
        BlockOwnerDeletion = true,
    };
}
