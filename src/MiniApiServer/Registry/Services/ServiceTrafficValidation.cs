using k8s.Models;
using MiniApiServer.Machinery;
using MiniApiServer.Registry.Validation;
using static MiniApiServer.Registry.Services.ServiceSpecFacts;

namespace MiniApiServer.Registry.Services;

/// <summary>
/// How traffic reaches a Service: session affinity, load-balancer-only fields and the traffic policies
/// (pkg/apis/core/validation/validation.go validateClientIPAffinityConfig, validateLoadBalancerClassField,
/// validateServiceExternalTrafficPolicy, validateServiceInternalTrafficFieldsValue,
/// validateServiceTrafficDistribution and the source-range checks of ValidateService).
/// </summary>
internal static class ServiceTrafficValidation
{
    private const string SourceRangesAnnotation = "service.beta.kubernetes.io/load-balancer-source-ranges";
    private const string OnlyLoadBalancer = "may only be used when `type` is 'LoadBalancer'";

    public static IEnumerable<FieldError> ValidateSessionAffinity(V1ServiceSpec spec)
    {
        if (string.IsNullOrEmpty(spec.SessionAffinity))
        {
            yield return FieldError.Required("spec.sessionAffinity");
        }
        else if (!Affinities.Contains(spec.SessionAffinity))
        {
            yield return FieldError.NotSupported("spec.sessionAffinity", spec.SessionAffinity, Affinities);
        }

        const string path = "spec.sessionAffinityConfig";
        const string needed = "when session affinity type is " + AffinityClientIP;
        if (spec.SessionAffinity == AffinityClientIP)
        {
            if (spec.SessionAffinityConfig is null)
            {
                yield return FieldError.Required(path, needed);
            }
            else if (spec.SessionAffinityConfig.ClientIP is null)
            {
                yield return FieldError.Required($"{path}.clientIP", needed);
            }
            else if (spec.SessionAffinityConfig.ClientIP.TimeoutSeconds is not { } timeout)
            {
                yield return FieldError.Required($"{path}.clientIP.timeoutSeconds", needed);
            }
            else if (timeout is <= 0 or > MaxClientIPTimeoutSeconds)
            {
                yield return FieldError.Invalid($"{path}.clientIP.timeoutSeconds", timeout,
                    $"must be greater than 0 and less than {MaxClientIPTimeoutSeconds}");
            }
        }
        else if (spec.SessionAffinity == AffinityNone && spec.SessionAffinityConfig is not null)
        {
            yield return FieldError.Forbidden(path, $"must not be set when session affinity is {AffinityNone}");
        }
    }

    /// <summary>Source ranges (field, else the older annotation) and allocateLoadBalancerNodePorts.</summary>
    public static IEnumerable<FieldError> ValidateLoadBalancerFields(V1Service service)
    {
        var spec = service.Spec ?? new V1ServiceSpec();
        if (Count(spec.LoadBalancerSourceRanges) > 0)
        {
            // Upstream spells this path with a capital L.
            const string path = "spec.LoadBalancerSourceRanges";
            if (spec.Type != LoadBalancer)
            {
                yield return FieldError.Forbidden(path, OnlyLoadBalancer);
            }
            for (var i = 0; i < spec.LoadBalancerSourceRanges!.Count; i++)
            {
                // Space padding is tolerated: a leftover of the move from the annotation.
                foreach (var error in CidrRules.Validate((spec.LoadBalancerSourceRanges[i] ?? "").Trim(), $"{path}[{i}]"))
                {
                    yield return error;
                }
            }
        }
        else if (service.Metadata?.Annotations is { } annotations && annotations.TryGetValue(SourceRangesAnnotation, out var value))
        {
            const string path = $"metadata.annotations[{SourceRangesAnnotation}]";
            if (spec.Type != LoadBalancer)
            {
                yield return FieldError.Forbidden(path, OnlyLoadBalancer);
            }
            var trimmed = (value ?? "").Trim();
            foreach (var cidr in trimmed.Length == 0 ? [] : trimmed.Split(','))
            {
                foreach (var error in CidrRules.Validate(cidr.Trim(), path))
                {
                    yield return error;
                }
            }
        }

        if (spec.AllocateLoadBalancerNodePorts is not null && spec.Type != LoadBalancer)
        {
            yield return FieldError.Forbidden("spec.allocateLoadBalancerNodePorts", OnlyLoadBalancer);
        }
        if (spec.Type == LoadBalancer && spec.AllocateLoadBalancerNodePorts is null)
        {
            // Upstream builds this path without the "spec" prefix.
            yield return FieldError.Required("allocateLoadBalancerNodePorts");
        }
    }

    /// <summary>validateLoadBalancerClassField; <paramref name="old"/> is null on create.</summary>
    public static IEnumerable<FieldError> ValidateLoadBalancerClass(V1ServiceSpec? old, V1ServiceSpec spec)
    {
        const string path = "spec.loadBalancerClass";
        if (old is not null && old.Type == LoadBalancer && spec.Type == LoadBalancer && old.LoadBalancerClass != spec.LoadBalancerClass)
        {
            yield return FieldError.Invalid(path, spec.LoadBalancerClass, "may not change once set");
        }
        if (spec.LoadBalancerClass is not { } lbClass)
        {
            yield break;
        }
        if (spec.Type != LoadBalancer)
        {
            yield return FieldError.Forbidden(path, OnlyLoadBalancer);
            yield break;
        }
        foreach (var msg in NameRules.QualifiedName(lbClass))
        {
            yield return FieldError.Invalid(path, lbClass, msg);
        }
    }

    public static IEnumerable<FieldError> ValidateExternalTrafficPolicy(V1ServiceSpec spec)
    {
        var policy = spec.ExternalTrafficPolicy ?? "";
        if (!ExternallyAccessible(spec))
        {
            if (policy.Length > 0)
            {
                yield return FieldError.Invalid("spec.externalTrafficPolicy", policy, "may only be set for externally-accessible services");
            }
        }
        else if (policy.Length == 0)
        {
            yield return FieldError.Required("spec.externalTrafficPolicy");
        }
        else if (!TrafficPolicies.Contains(policy))
        {
            yield return FieldError.NotSupported("spec.externalTrafficPolicy", policy, TrafficPolicies);
        }

        var healthCheckNodePort = spec.HealthCheckNodePort ?? 0;
        if (!NeedsHealthCheckNodePort(spec))
        {
            if (healthCheckNodePort != 0)
            {
                yield return FieldError.Invalid("spec.healthCheckNodePort", healthCheckNodePort,
                    "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'");
            }
        }
        else if (healthCheckNodePort == 0)
        {
            yield return FieldError.Required("spec.healthCheckNodePort");
        }
        else
        {
            foreach (var msg in NameRules.ValidPortNumber(healthCheckNodePort))
            {
                yield return FieldError.Invalid("spec.healthCheckNodePort", healthCheckNodePort, msg);
            }
        }
    }

    /// <summary>Required for the IP types; not forbidden on ExternalName, which older servers defaulted too.</summary>
    public static IEnumerable<FieldError> ValidateInternalTrafficPolicy(V1ServiceSpec spec)
    {
        if (spec.InternalTrafficPolicy is null)
        {
            if (spec.Type is NodePort or LoadBalancer or ClusterIP)
            {
                yield return FieldError.Required("spec.internalTrafficPolicy");
            }
        }
        else if (!TrafficPolicies.Contains(spec.InternalTrafficPolicy))
        {
            yield return FieldError.NotSupported("spec.internalTrafficPolicy", spec.InternalTrafficPolicy, TrafficPolicies);
        }
    }

    public static IEnumerable<FieldError> ValidateTrafficDistribution(V1ServiceSpec spec)
    {
        if (spec.TrafficDistribution is { } distribution && distribution != TrafficDistributionPreferClose)
        {
            yield return FieldError.NotSupported("spec.trafficDistribution", distribution, [TrafficDistributionPreferClose]);
        }
    }
}
