using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Machinery;
using MiniApiServer.Registry.Validation;
using static MiniApiServer.Registry.Services.ServiceSpecFacts;

namespace MiniApiServer.Registry.Services;

/// <summary>
/// ValidateService and ValidateServiceUpdate (pkg/apis/core/validation/validation.go), in upstream's order so
/// that multi-error messages list the errors the same way.
/// </summary>
internal static class ServiceValidation
{
    private const string TopologyModeAnnotation = "service.kubernetes.io/topology-mode";
    private const string TopologyHintsAnnotation = "service.kubernetes.io/topology-aware-hints";

    /// <summary>ports.KubeletPort: a LoadBalancer may not open it on every node.</summary>
    private const int KubeletPort = 10250;

    public static List<FieldError> ValidateService(V1Service service, JsonObject? raw)
    {
        var meta = service.Metadata ?? new V1ObjectMeta();
        var spec = service.Spec ?? new V1ServiceSpec();
        var errors = new List<FieldError>(ObjectMetaValidation.ValidateObjectMeta(meta, true, NameValidators.Dns1035Label));

        if (meta.Annotations is { } annotations
            && annotations.TryGetValue(TopologyModeAnnotation, out var mode)
            && annotations.TryGetValue(TopologyHintsAnnotation, out var hints)
            && mode != hints)
        {
            errors.Add(FieldError.Invalid($"metadata.annotations[{TopologyModeAnnotation}]", mode,
                $"must match annotations[{TopologyHintsAnnotation}] when both are specified"));
        }

        var ports = spec.Ports ?? [];
        if (ports.Count == 0 && !IsHeadless(spec) && spec.Type != ExternalName)
        {
            errors.Add(FieldError.Required("spec.ports"));
        }
        errors.AddRange(ValidateTypeSpecifics(spec));
        errors.AddRange(ServicePortValidation.ValidatePorts(ports, raw));

        if (spec.Selector is not null)
        {
            errors.AddRange(MetadataRules.ValidateLabels(spec.Selector, "spec.selector"));
        }

        errors.AddRange(ServiceTrafficValidation.ValidateSessionAffinity(spec));
        errors.AddRange(ClusterIpValidation.ValidateRelatedFields(spec));

        for (var i = 0; i < Count(spec.ExternalIPs); i++)
        {
            var ip = spec.ExternalIPs![i] ?? "";
            var path = $"spec.externalIPs[{i}]";
            var ipErrors = IpRules.ValidateIp(ip, path);
            errors.AddRange(ipErrors.Count > 0 ? ipErrors : IpRules.ValidateNonSpecialIp(ip, path));
        }

        if (string.IsNullOrEmpty(spec.Type))
        {
            errors.Add(FieldError.Required("spec.type"));
        }
        else if (!Types.Contains(spec.Type))
        {
            errors.Add(FieldError.NotSupported("spec.type", spec.Type, Types));
        }

        errors.AddRange(ServicePortValidation.ValidatePortSet(spec));
        errors.AddRange(ServiceTrafficValidation.ValidateLoadBalancerFields(service));
        errors.AddRange(ServiceTrafficValidation.ValidateLoadBalancerClass(null, spec));
        errors.AddRange(ServiceTrafficValidation.ValidateExternalTrafficPolicy(spec));
        errors.AddRange(ServiceTrafficValidation.ValidateInternalTrafficPolicy(spec));
        errors.AddRange(ServiceTrafficValidation.ValidateTrafficDistribution(spec));
        return errors;
    }

    /// <summary>ValidateServiceUpdate: the update rules, then the whole new object again.</summary>
    public static List<FieldError> ValidateServiceUpdate(V1Service service, V1Service old, JsonObject? raw)
    {
        var spec = service.Spec ?? new V1ServiceSpec();
        var oldSpec = old.Spec ?? new V1ServiceSpec();
        var errors = new List<FieldError>(ObjectMetaValidation.ValidateObjectMetaUpdate(
            service.Metadata ?? new V1ObjectMeta(), old.Metadata ?? new V1ObjectMeta()));
        errors.AddRange(ClusterIpValidation.ValidateClusterIPsUpdate(oldSpec, spec));
        errors.AddRange(ClusterIpValidation.ValidateIpFamiliesUpdate(oldSpec, spec));
        errors.AddRange(ServiceTrafficValidation.ValidateLoadBalancerClass(oldSpec, spec));
        if (NeedsHealthCheckNodePort(oldSpec) && NeedsHealthCheckNodePort(spec)
            && (spec.HealthCheckNodePort ?? 0) != (oldSpec.HealthCheckNodePort ?? 0))
        {
            errors.Add(FieldError.Forbidden("spec.healthCheckNodePort", "field is immutable"));
        }
        errors.AddRange(ValidateService(service, raw));
        return errors;
    }

    /// <summary>What only some types allow or need: the LoadBalancer/NodePort limits and the ExternalName rules.</summary>
    private static IEnumerable<FieldError> ValidateTypeSpecifics(V1ServiceSpec spec)
    {
        switch (spec.Type)
        {
            case LoadBalancer:
                for (var i = 0; i < Count(spec.Ports); i++)
                {
                    if (spec.Ports![i].Port == KubeletPort)
                    {
                        yield return FieldError.Invalid($"spec.ports[{i}]", KubeletPort,
                            $"may not expose port {KubeletPort} externally since it is used by kubelet");
                    }
                }
                if (IsHeadless(spec))
                {
                    yield return FieldError.Invalid("spec.clusterIPs[0]", ClusterIPNone, "may not be set to 'None' for LoadBalancer services");
                }
                break;
            case NodePort:
                if (IsHeadless(spec))
                {
                    yield return FieldError.Invalid("spec.clusterIPs[0]", ClusterIPNone, "may not be set to 'None' for NodePort services");
                }
                break;
            case ExternalName:
                // The registry derives clusterIPs from clusterIP, so checking the plural covers both.
                if (Count(spec.ClusterIPs) > 0)
                {
                    yield return FieldError.Forbidden("spec.clusterIPs", "may not be set for ExternalName services");
                }
                if (Count(spec.IpFamilies) > 0)
                {
                    yield return FieldError.Forbidden("spec.ipFamilies", "may not be set for ExternalName services");
                }
                if (spec.IpFamilyPolicy is not null)
                {
                    yield return FieldError.Forbidden("spec.ipFamilyPolicy", "may not be set for ExternalName services");
                }
                // A CNAME may end in one dot to mark it fully qualified.
                var cname = spec.ExternalName ?? "";
                if (cname.EndsWith('.'))
                {
                    cname = cname[..^1];
                }
                if (cname.Length == 0)
                {
                    yield return FieldError.Required("spec.externalName");
                }
                foreach (var msg in cname.Length > 0 ? NameRules.Dns1123Subdomain(cname) : [])
                {
                    yield return FieldError.Invalid("spec.externalName", cname, msg);
                }
                break;
        }
    }
}
