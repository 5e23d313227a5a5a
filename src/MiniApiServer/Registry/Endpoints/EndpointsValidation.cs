using k8s.Models;
using MiniApiServer.Machinery;
using MiniApiServer.Registry.Validation;

namespace MiniApiServer.Registry.Endpoints;

/// <summary>
/// Endpoints validation, following pkg/apis/core/validation/validation.go (ValidateEndpoints,
/// ValidateEndpointsCreate, ValidateEndpointsUpdate, validateEndpointSubsets, validateEndpointAddress,
/// validateEndpointPort). Error order and paths match upstream.
/// </summary>
internal static class EndpointsValidation
{
    /// <summary>Sorted, as upstream prints <c>sets.List(supportedPortProtocols)</c>.</summary>
    private static readonly string[] SupportedProtocols = ["SCTP", "TCP", "UDP"];

    /// <summary>ValidateEndpoints: metadata (name is a DNS-1123 subdomain) and subsets.</summary>
    public static List<FieldError> Validate(V1Endpoints endpoints)
    {
        var errors = new List<FieldError>();
        errors.AddRange(ObjectMetaValidation.ValidateObjectMeta(endpoints.Metadata ?? new V1ObjectMeta(), true, NameValidators.Dns1123Subdomain));
        ValidateSubsets(endpoints.Subsets, errors);
        return errors;
    }

    /// <summary>
    /// ValidateEndpointsUpdate: metadata update rules, then the full create validation. nodeName may change on
    /// update (an IP reused by another node), so nothing else is compared with the old object.
    /// </summary>
    public static List<FieldError> ValidateUpdate(V1Endpoints endpoints, V1Endpoints old)
    {
        var errors = new List<FieldError>();
        errors.AddRange(ObjectMetaValidation.ValidateObjectMetaUpdate(endpoints.Metadata ?? new V1ObjectMeta(), old.Metadata ?? new V1ObjectMeta()));
        errors.AddRange(Validate(endpoints));
        return errors;
    }

    private static void ValidateSubsets(IList<V1EndpointSubset>? subsets, List<FieldError> errors)
    {
        if (subsets is null)
        {
            return;
        }
        for (var i = 0; i < subsets.Count; i++)
        {
            var subset = subsets[i] ?? new V1EndpointSubset();
            var path = $"subsets[{i}]";

            // A subset without ports is allowed (headless services); one without any address is not.
            if (subset.Addresses is not { Count: > 0 } && subset.NotReadyAddresses is not { Count: > 0 })
            {
                errors.Add(FieldError.Required(path, "must specify `addresses` or `notReadyAddresses`"));
            }
            ValidateAddresses(subset.Addresses, $"{path}.addresses", errors);
            ValidateAddresses(subset.NotReadyAddresses, $"{path}.notReadyAddresses", errors);
            if (subset.Ports is { } ports)
            {
                for (var p = 0; p < ports.Count; p++)
                {
                    ValidatePort(ports[p] ?? new Corev1EndpointPort(), ports.Count > 1, $"{path}.ports[{p}]", errors);
                }
            }
        }
    }

    private static void ValidateAddresses(IList<V1EndpointAddress>? addresses, string path, List<FieldError> errors)
    {
        if (addresses is null)
        {
            return;
        }
        for (var a = 0; a < addresses.Count; a++)
        {
            ValidateAddress(addresses[a] ?? new V1EndpointAddress(), $"{path}[{a}]", errors);
        }
    }

    private static void ValidateAddress(V1EndpointAddress address, string path, List<FieldError> errors)
    {
        var ip = address.Ip ?? "";
        // Upstream checks the IP twice (IsValidIP, then ValidateNonSpecialIP), so an unparsable IP yields
        // two errors with different texts; both are reported, as kube-apiserver does.
        errors.AddRange(IpRules.ValidateIp(ip, $"{path}.ip"));
        if (!string.IsNullOrEmpty(address.Hostname))
        {
            foreach (var msg in NameRules.Dns1123Label(address.Hostname))
            {
                errors.Add(FieldError.Invalid($"{path}.hostname", address.Hostname, msg));
            }
        }
        // nodeName is a pointer upstream: present-but-empty is validated (and rejected).
        if (address.NodeName is { } nodeName)
        {
            foreach (var msg in NameRules.Dns1123Subdomain(nodeName))
            {
                errors.Add(FieldError.Invalid($"{path}.nodeName", nodeName, msg));
            }
        }
        errors.AddRange(IpRules.ValidateNonSpecialIp(ip, $"{path}.ip"));
    }

    private static void ValidatePort(Corev1EndpointPort port, bool requireName, string path, List<FieldError> errors)
    {
        if (requireName && string.IsNullOrEmpty(port.Name))
        {
            errors.Add(FieldError.Required($"{path}.name"));
        }
        else if (!string.IsNullOrEmpty(port.Name))
        {
            foreach (var msg in NameRules.Dns1123Label(port.Name))
            {
                errors.Add(FieldError.Invalid($"{path}.name", port.Name, msg));
            }
        }
        foreach (var msg in NameRules.ValidPortNumber(port.Port))
        {
            errors.Add(FieldError.Invalid($"{path}.port", port.Port, msg));
        }
        if (string.IsNullOrEmpty(port.Protocol))
        {
            errors.Add(FieldError.Required($"{path}.protocol"));
        }
        else if (Array.IndexOf(SupportedProtocols, port.Protocol) < 0)
        {
            errors.Add(FieldError.NotSupported($"{path}.protocol", port.Protocol, SupportedProtocols));
        }
        if (port.AppProtocol is { } appProtocol)
        {
            foreach (var msg in NameRules.QualifiedName(appProtocol))
            {
                errors.Add(FieldError.Invalid($"{path}.appProtocol", appProtocol, msg));
            }
        }
    }
}
