using k8s.Models;
using MiniApiServer.Registry.Tables;

namespace MiniApiServer.Registry.Services;

/// <summary>A Service's table row (pkg/printers/internalversion/printers.go printService, always wide).</summary>
internal sealed class ServicePrinter : TablePrinter<V1Service>
{
    private static readonly IReadOnlyList<TableColumn> ServiceColumns =
    [
        TableColumn.ObjectName,
        TableColumn.String("Type", "type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer. \"ClusterIP\" allocates a cluster-internal IP address for load-balancing to endpoints. Endpoints are determined by the selector or if that is not specified, by manual construction of an Endpoints object or EndpointSlice objects. If clusterIP is \"None\", no virtual IP is allocated and the endpoints are published as a set of endpoints rather than a virtual IP. \"NodePort\" builds on ClusterIP and allocates a port on every node which routes to the same endpoints as the clusterIP. \"LoadBalancer\" builds on NodePort and creates an external load-balancer (if supported in the current cloud) which routes to the same endpoints as the clusterIP. \"ExternalName\" aliases this service to the specified externalName. Several other fields do not apply to ExternalName services. More info: https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types"),
        TableColumn.String("Cluster-IP", "clusterIP is the IP address of the service and is usually assigned randomly. If an address is specified manually, is in-range (as per system configuration), and is not in use, it will be allocated to the service; otherwise creation of the service will fail. This field may not be changed through updates unless the type field is also being changed to ExternalName (which requires this field to be blank) or the type field is being changed from ExternalName (in which case this field may optionally be specified, as describe above).  Valid values are \"None\", empty string (\"\"), or a valid IP address. Setting this to \"None\" makes a \"headless service\" (no virtual IP), which is useful when direct endpoint connections are preferred and proxying is not required.  Only applies to types ClusterIP, NodePort, and LoadBalancer. If this field is specified when creating a Service of type ExternalName, creation will fail. This field will be wiped when updating a Service to type ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies"),
        TableColumn.String("External-IP", "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.  These IPs are not managed by Kubernetes.  The user is responsible for ensuring that traffic arrives at a node with this IP.  A common example is external load-balancers that are not part of the Kubernetes system."),
        TableColumn.String("Port(s)", "The list of ports that are exposed by this service. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies"),
        TableColumn.Age,
        TableColumn.String("Selector", "Route service traffic to pods with label keys and values matching this selector. If empty or not present, the service is assumed to have an external process managing its endpoints, which Kubernetes will not modify. Only applies to types ClusterIP, NodePort, and LoadBalancer. Ignored if type is ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/", 1),
    ];

    public override IReadOnlyList<TableColumn> Columns => ServiceColumns;

    public override PrintedRow Print(V1Service obj)
    {
        var spec = obj.Spec;
        var clusterIp = spec?.ClusterIPs is { Count: > 0 } ips ? ips[0] : TableCells.None;
        var ports = PortString(spec?.Ports);
        return new PrintedRow(
        [
            obj.Metadata?.Name ?? "",
            spec?.Type ?? "",
            clusterIp,
            ExternalIp(obj),
            ports.Length == 0 ? TableCells.None : ports,
            TableCells.Age(obj.Metadata?.CreationTimestamp),
            TableCells.Labels(spec?.Selector),
        ]);
    }

    /// <summary>getServiceExternalIP with wide=true: the load balancer's addresses are never clipped.</summary>
    private static string ExternalIp(V1Service svc)
    {
        var externalIps = svc.Spec?.ExternalIPs ?? [];
        switch (svc.Spec?.Type)
        {
            case "ClusterIP":
            case "NodePort":
                return externalIps.Count > 0 ? string.Join(",", externalIps) : TableCells.None;
            case "LoadBalancer":
                var lbIps = LoadBalancerAddresses(svc.Status?.LoadBalancer);
                if (externalIps.Count > 0)
                {
                    return string.Join(",", lbIps.Concat(externalIps));
                }
                return lbIps.Count > 0 ? string.Join(",", lbIps) : "<pending>";
            case "ExternalName":
                return svc.Spec.ExternalName ?? "";
            default:
                return TableCells.Unknown;
        }
    }

    /// <summary>loadBalancerStatusStringer: each ingress's IP, else its hostname, distinct and sorted.</summary>
    private static List<string> LoadBalancerAddresses(V1LoadBalancerStatus? status) =>
    [
        .. (status?.Ingress ?? [])
            .Select(i => !string.IsNullOrEmpty(i.Ip) ? i.Ip : i.Hostname)
            .Where(a => !string.IsNullOrEmpty(a))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(a => a!),
    ];

    /// <summary>makePortString: <c>port/protocol</c>, or <c>port:nodePort/protocol</c> when a node port is set.</summary>
    private static string PortString(IList<V1ServicePort>? ports) =>
        ports is null ? "" : string.Join(",", ports.Select(p => p.NodePort is > 0
            ? $"{p.Port}:{p.NodePort}/{p.Protocol}"
            : $"{p.Port}/{p.Protocol}"));
}
