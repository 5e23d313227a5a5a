using MiniApiServer.Registry.Validation;

namespace MiniApiServer.Registry.EndpointSlices;

/// <summary>
/// What the API and the controllers that write EndpointSlices agree on: the well-known labels
/// (k8s.io/api/discovery/v1/well_known_labels.go), the controllers' managed-by values
/// (pkg/controller/endpointslice, pkg/controller/endpointslicemirroring), their default slice size, and the address
/// type of an IP.
/// </summary>
internal static class EndpointSliceConventions
{
    /// <summary>The Service a slice belongs to (LabelServiceName); <c>kubectl describe service</c> selects by it.</summary>
    public const string LabelServiceName = "kubernetes.io/service-name";

    /// <summary>The controller or entity that manages a slice (LabelManagedBy).</summary>
    public const string LabelManagedBy = "endpointslice.kubernetes.io/managed-by";

    /// <summary>Set to "true" on an Endpoints object that the mirroring controller must leave alone (LabelSkipMirror).</summary>
    public const string LabelSkipMirror = "endpointslice.kubernetes.io/skip-mirror";

    /// <summary>The endpointslice controller's managed-by value (endpointslice ControllerName).</summary>
    public const string EndpointSliceControllerName = "endpointslice-controller.k8s.io";

    /// <summary>The mirroring controller's managed-by value (endpointslicemirroring ControllerName).</summary>
    public const string MirroringControllerName = "endpointslicemirroring-controller.k8s.io";

    /// <summary>kube-controller-manager's default <c>--max-endpoints-per-slice</c> (and <c>--mirroring-max-endpoints-per-subset</c>).</summary>
    public const int MaxEndpointsPerSlice = 100;

    public const string AddressTypeIPv4 = "IPv4";
    public const string AddressTypeIPv6 = "IPv6";
    public const string AddressTypeFqdn = "FQDN";

    /// <summary>
    /// The address type of an IP (the mirroring controller's getAddressType): IPv4 for an address Go holds as IPv4
    /// (IPv4-mapped IPv6 included), IPv6 otherwise, and null when it does not parse (sloppily, leading zeros allowed).
    /// </summary>
    public static string? AddressTypeOf(string ip) =>
        IpRules.IsIPv4(ip) ? AddressTypeIPv4 : IpRules.IsIPv6(ip) ? AddressTypeIPv6 : null;
}
