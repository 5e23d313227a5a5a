using k8s.Models;
using MiniApiServer.Machinery;
using MiniApiServer.Registry.Validation;
using static MiniApiServer.Registry.Services.ServiceSpecFacts;

namespace MiniApiServer.Registry.Services;

/// <summary>
/// ValidateLoadBalancerStatus (pkg/apis/core/validation/validation.go) with the LoadBalancerIPMode feature on
/// and AllowServiceLBStatusOnNonLB off, their defaults.
/// </summary>
internal static class LoadBalancerStatusValidation
{
    public static IEnumerable<FieldError> Validate(V1LoadBalancerStatus? status, V1ServiceSpec spec)
    {
        const string path = "status.loadBalancer.ingress";
        var ingress = status?.Ingress ?? [];
        if (spec.Type != LoadBalancer && ingress.Count != 0)
        {
            yield return FieldError.Forbidden(path, "may only be used when `spec.type` is 'LoadBalancer'");
            yield break;
        }
        for (var i = 0; i < ingress.Count; i++)
        {
            var entry = ingress[i];
            var ip = entry.Ip ?? "";
            if (ip.Length > 0)
            {
                foreach (var error in IpRules.ValidateIp(ip, $"{path}[{i}].ip"))
                {
                    yield return error;
                }
            }

            if (entry.IpMode is null)
            {
                if (ip.Length > 0)
                {
                    yield return FieldError.Required($"{path}[{i}].ipMode", "must be specified when `ip` is set");
                }
            }
            else if (ip.Length == 0)
            {
                yield return FieldError.Forbidden($"{path}[{i}].ipMode", "may not be specified when `ip` is not set");
            }
            else if (!IpModes.Contains(entry.IpMode))
            {
                yield return FieldError.NotSupported($"{path}[{i}].ipMode", entry.IpMode, IpModes);
            }

            var hostname = entry.Hostname ?? "";
            if (hostname.Length > 0)
            {
                foreach (var msg in NameRules.Dns1123Subdomain(hostname))
                {
                    yield return FieldError.Invalid($"{path}[{i}].hostname", hostname, msg);
                }
                if (IpRules.IsIPv4(hostname) || IpRules.IsIPv6(hostname))
                {
                    yield return FieldError.Invalid($"{path}[{i}].hostname", hostname, "must be a DNS name, not an IP address");
                }
            }
        }
    }
}
