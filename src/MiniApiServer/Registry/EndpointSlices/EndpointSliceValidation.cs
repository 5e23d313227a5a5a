using k8s.Models;
using MiniApiServer.Machinery;
using MiniApiServer.Registry.Validation;

namespace MiniApiServer.Registry.EndpointSlices;

/// <summary>
/// EndpointSlice validation, following pkg/apis/discovery/validation/validation.go (ValidateEndpointSlice,
/// ValidateEndpointSliceCreate, ValidateEndpointSliceUpdate, validateEndpoints, validatePorts, validateAddressType,
/// validateHints). Error order, paths (quirks included) and messages match upstream.
/// </summary>
/// <remarks>
/// Upstream also checks <c>deprecatedTopology</c> (at most 16 labels, valid labels, no zone key). Through v1 that
/// field never reaches validation: the strategy drops it from every endpoint unless the endpoints are unchanged, and
/// errors in unchanged endpoints are ignored. Only v1 is served, so those rules are left out. The declarative
/// rules (zz_generated.validations.go) are alpha and only shadow these.
/// </remarks>
internal static class EndpointSliceValidation
{
    public const int MaxAddresses = 100;
    public const int MaxPorts = 20000;
    public const int MaxEndpoints = 1000;
    public const int MaxZoneHints = 8;
    public const int MaxNodeHints = 8;

    /// <summary>Sorted, as upstream prints <c>sets.List(supportedAddressTypes)</c>. The deprecated "IP" type is gone.</summary>
    private static readonly string[] SupportedAddressTypes =
        [EndpointSliceConventions.AddressTypeFqdn, EndpointSliceConventions.AddressTypeIPv4, EndpointSliceConventions.AddressTypeIPv6];

    /// <summary>Sorted, as upstream prints <c>sets.List(supportedPortProtocols)</c>.</summary>
    private static readonly string[] SupportedProtocols = ["SCTP", "TCP", "UDP"];

    /// <summary>ValidateEndpointSliceCreate.</summary>
    public static IReadOnlyList<FieldError> ValidateCreate(V1EndpointSlice slice) => Validate(slice, null);

    /// <summary>
    /// ValidateEndpointSliceUpdate: everything create checks (metadata with the create rules too), then addressType
    /// is immutable. The generic store's ObjectMeta update rules (rest.BeforeUpdate) come first.
    /// </summary>
    public static IReadOnlyList<FieldError> ValidateUpdate(V1EndpointSlice slice, V1EndpointSlice old)
    {
        var errors = new List<FieldError>(ObjectMetaValidation.ValidateObjectMetaUpdate(slice.Metadata ?? new V1ObjectMeta(), old.Metadata ?? new V1ObjectMeta()));
        errors.AddRange(Validate(slice, old));
        var addressType = slice.AddressType ?? "";
        if (addressType != (old.AddressType ?? ""))
        {
            errors.Add(FieldError.Invalid("addressType", addressType, ObjectMetaValidation.FieldImmutable));
        }
        return errors;
    }

    /// <summary>
    /// ValidateEndpointSlice: metadata (the name is a DNS-1123 subdomain), addressType, ports, then endpoints. The
    /// endpoints' errors are dropped on an update that left them unchanged, since older servers stored them as valid.
    /// </summary>
    private static List<FieldError> Validate(V1EndpointSlice slice, V1EndpointSlice? old)
    {
        var errors = new List<FieldError>(ObjectMetaValidation.ValidateObjectMeta(slice.Metadata ?? new V1ObjectMeta(), true, NameValidators.Dns1123Subdomain));
        ValidateAddressType(slice.AddressType, errors);
        ValidatePorts(slice.Ports, errors);
        var endpointErrors = new List<FieldError>();
        ValidateEndpoints(slice.Endpoints, slice.AddressType, endpointErrors);
        if (endpointErrors.Count > 0 && !(old is not null && EndpointSliceEquality.SameEndpoints(old.Endpoints, slice.Endpoints)))
        {
            errors.AddRange(endpointErrors);
        }
        return errors;
    }

    private static void ValidateAddressType(string? addressType, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(addressType))
        {
            errors.Add(FieldError.Required("addressType"));
        }
        else if (Array.IndexOf(SupportedAddressTypes, addressType) < 0)
        {
            errors.Add(FieldError.NotSupported("addressType", addressType, SupportedAddressTypes));
        }
    }

    private static void ValidateEndpoints(IList<V1Endpoint>? endpoints, string? addressType, List<FieldError> errors)
    {
        if (endpoints is null)
        {
            return;
        }
        if (endpoints.Count > MaxEndpoints)
        {
            errors.Add(FieldError.TooMany("endpoints", endpoints.Count, MaxEndpoints));
            return;
        }
        for (var i = 0; i < endpoints.Count; i++)
        {
            var endpoint = endpoints[i] ?? new V1Endpoint();
            var path = $"endpoints[{i}]";
            var addressPath = path + ".addresses";
            var addresses = endpoint.Addresses ?? [];
            if (addresses.Count == 0)
            {
                errors.Add(FieldError.Required(addressPath, "must contain at least 1 address"));
            }
            else if (addresses.Count > MaxAddresses)
            {
                errors.Add(FieldError.TooMany(addressPath, addresses.Count, MaxAddresses));
            }
            for (var a = 0; a < addresses.Count; a++)
            {
                ValidateAddress(addresses[a] ?? "", addressType, addressPath, $"{addressPath}[{a}]", errors);
            }
            if (endpoint.NodeName is { } nodeName)
            {
                errors.AddRange(NameRules.Dns1123Subdomain(nodeName).Select(msg => FieldError.Invalid(path + ".nodeName", nodeName, msg)));
            }
            if (endpoint.Hostname is { } hostname)
            {
                errors.AddRange(NameRules.Dns1123Label(hostname).Select(msg => FieldError.Invalid(path + ".hostname", hostname, msg)));
            }
            if (endpoint.Hints is { } hints)
            {
                ValidateHints(hints, path + ".hints", errors);
            }
        }
    }

    /// <summary>
    /// One address by the slice's type; an unknown type validates nothing. IPv4 takes the legacy (sloppy) IP rule and
    /// IPv6 the strict one, as upstream does. Upstream reports the family mismatch on the list's path, not the
    /// address's (<paramref name="listPath"/>).
    /// </summary>
    private static void ValidateAddress(string address, string? addressType, string listPath, string path, List<FieldError> errors)
    {
        switch (addressType)
        {
            case EndpointSliceConventions.AddressTypeIPv4:
                var ipv4Errors = IpRules.ValidateIp(address, path);
                if (ipv4Errors.Count > 0)
                {
                    errors.AddRange(ipv4Errors);
                    return;
                }
                if (!IpRules.IsIPv4(address))
                {
                    errors.Add(FieldError.Invalid(listPath, address, "must be an IPv4 address"));
                }
                errors.AddRange(IpRules.ValidateNonSpecialIp(address, path));
                break;
            case EndpointSliceConventions.AddressTypeIPv6:
                var ipv6Errors = IpRules.ValidateIpStrict(address, path);
                if (ipv6Errors.Count > 0)
                {
                    errors.AddRange(ipv6Errors);
                    return;
                }
                if (!IpRules.IsIPv6(address))
                {
                    errors.Add(FieldError.Invalid(listPath, address, "must be an IPv6 address"));
                }
                errors.AddRange(IpRules.ValidateNonSpecialIp(address, path));
                break;
            case EndpointSliceConventions.AddressTypeFqdn:
                errors.AddRange(FullyQualifiedDomainName(address, path));
                break;
        }
    }

    /// <summary>
    /// apimachinery <c>IsFullyQualifiedDomainName</c>: a trailing dot is allowed, then a DNS-1123 subdomain of at least
    /// two labels. Only the first problem is reported, with the trimmed name (or the bad label) as the value.
    /// </summary>
    private static IReadOnlyList<FieldError> FullyQualifiedDomainName(string name, string path)
    {
        if (name.Length == 0)
        {
            return [FieldError.Required(path)];
        }
        if (name.EndsWith('.'))
        {
            name = name[..^1];
        }
        if (NameRules.Dns1123Subdomain(name) is { Count: > 0 } subdomainErrors)
        {
            return [FieldError.Invalid(path, name, string.Join(",", subdomainErrors))];
        }
        var labels = name.Split('.');
        if (labels.Length < 2)
        {
            return [FieldError.Invalid(path, name, "should be a domain with at least two segments separated by dots")];
        }
        foreach (var label in labels)
        {
            if (NameRules.Dns1123Label(label) is { Count: > 0 } labelErrors)
            {
                return [FieldError.Invalid(path, label, string.Join(",", labelErrors))];
            }
        }
        return [];
    }

    /// <summary>
    /// validatePorts. The defaults give every port a name ("") and a protocol (TCP), so the Required branch only
    /// shows for objects that skipped defaulting. Port numbers are not range-checked upstream (nil means all ports).
    /// </summary>
    private static void ValidatePorts(IList<Discoveryv1EndpointPort>? ports, List<FieldError> errors)
    {
        if (ports is null)
        {
            return;
        }
        if (ports.Count > MaxPorts)
        {
            errors.Add(FieldError.TooMany("ports", ports.Count, MaxPorts));
            return;
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ports.Count; i++)
        {
            var port = ports[i] ?? new Discoveryv1EndpointPort();
            var path = $"ports[{i}]";
            var name = port.Name ?? "";
            if (name.Length > 0)
            {
                errors.AddRange(NameRules.Dns1123Label(name).Select(msg => FieldError.Invalid(path + ".name", name, msg)));
            }
            if (!names.Add(name))
            {
                errors.Add(FieldError.Duplicate(path + ".name", name));
            }
            if (port.Protocol is null)
            {
                errors.Add(FieldError.Required(path + ".protocol"));
            }
            else if (Array.IndexOf(SupportedProtocols, port.Protocol) < 0)
            {
                errors.Add(FieldError.NotSupported(path + ".protocol", port.Protocol, SupportedProtocols));
            }
            if (port.AppProtocol is { } appProtocol)
            {
                errors.AddRange(NameRules.QualifiedName(appProtocol).Select(msg => FieldError.Invalid(path + ".appProtocol", appProtocol, msg)));
            }
        }
    }

    /// <summary>
    /// validateHints: at most 8 zones, unique, each a label value; then at most 8 nodes, unique, each a node name.
    /// Too many zones ends the check before the nodes are looked at, as upstream returns early.
    /// </summary>
    private static void ValidateHints(V1EndpointHints hints, string path, List<FieldError> errors)
    {
        var zones = hints.ForZones ?? [];
        if (zones.Count > MaxZoneHints)
        {
            errors.Add(FieldError.TooMany(path + ".forZones", zones.Count, MaxZoneHints));
            return;
        }
        var zoneNames = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < zones.Count; i++)
        {
            var zonePath = $"{path}.forZones[{i}].name";
            var zone = zones[i]?.Name ?? "";
            if (!zoneNames.Add(zone))
            {
                errors.Add(FieldError.Duplicate(zonePath, zone));
            }
            errors.AddRange(NameRules.LabelValue(zone).Select(msg => FieldError.Invalid(zonePath, zone, msg)));
        }

        var nodes = hints.ForNodes ?? [];
        if (nodes.Count > MaxNodeHints)
        {
            errors.Add(FieldError.TooMany(path + ".forNodes", nodes.Count, MaxNodeHints));
            return;
        }
        var nodeNames = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < nodes.Count; i++)
        {
            var nodePath = $"{path}.forNodes[{i}].name";
            var node = nodes[i]?.Name ?? "";
            if (!nodeNames.Add(node))
            {
                errors.Add(FieldError.Duplicate(nodePath, node));
            }
            errors.AddRange(NameRules.Dns1123Subdomain(node).Select(msg => FieldError.Invalid(nodePath, node, msg)));
        }
    }
}
