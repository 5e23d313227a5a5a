using k8s.Models;
using MiniApiServer.Machinery;
using MiniApiServer.Registry.Validation;
using static MiniApiServer.Registry.Services.ServiceSpecFacts;

namespace MiniApiServer.Registry.Services;

/// <summary>
/// Validation of the linked clusterIP / clusterIPs / ipFamilies / ipFamilyPolicy fields
/// (pkg/apis/core/validation/validation.go ValidateServiceClusterIPsRelatedFields,
/// validateUpgradeDowngradeClusterIPs, validateUpgradeDowngradeIPFamilies).
/// </summary>
internal static class ClusterIpValidation
{
    private const string ClusterIPsPath = "spec.clusterIPs";
    private const string IpFamiliesPath = "spec.ipFamilies";
    private const string IpFamilyPolicyPath = "spec.ipFamilyPolicy";

    /// <summary>ValidateServiceClusterIPsRelatedFields; also the loose pre-check of IP family initialisation.</summary>
    public static List<FieldError> ValidateRelatedFields(V1ServiceSpec spec)
    {
        var errors = new List<FieldError>();
        // ExternalName has its own rule: all of these must be unset.
        if (spec.Type == ExternalName)
        {
            return errors;
        }
        var clusterIPs = spec.ClusterIPs ?? [];

        if (!string.IsNullOrEmpty(spec.ClusterIP))
        {
            if (clusterIPs.Count == 0)
            {
                errors.Add(FieldError.Required(ClusterIPsPath));
            }
            else if (clusterIPs[0] != spec.ClusterIP)
            {
                errors.Add(FieldError.Invalid(ClusterIPsPath, ServiceGoValues.Strings(spec.ClusterIPs), "first value must match `clusterIP`"));
            }
        }
        else if (clusterIPs.Count != 0)
        {
            errors.Add(FieldError.Invalid(ClusterIPsPath, ServiceGoValues.Strings(spec.ClusterIPs), "must be empty when `clusterIP` is not specified"));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Count(spec.IpFamilies); i++)
        {
            var family = spec.IpFamilies![i] ?? "";
            if (!Families.Contains(family))
            {
                errors.Add(FieldError.NotSupported($"{IpFamiliesPath}[{i}]", family, Families));
            }
            // Rejecting duplicates also means two families are always one of each.
            if (!seen.Add(family))
            {
                errors.Add(FieldError.Duplicate($"{IpFamiliesPath}[{i}]", family));
            }
        }

        // A missing policy is fine here: IP family initialisation defaults it.
        if (spec.IpFamilyPolicy is { } policy && !FamilyPolicies.Contains(policy))
        {
            errors.Add(FieldError.NotSupported(IpFamilyPolicyPath, policy, FamilyPolicies));
        }

        var hasInvalidIPs = false;
        for (var i = 0; i < clusterIPs.Count; i++)
        {
            if (i == 0 && clusterIPs[0] == ClusterIPNone)
            {
                if (clusterIPs.Count > 1)
                {
                    hasInvalidIPs = true;
                    errors.Add(FieldError.Invalid(ClusterIPsPath, ServiceGoValues.Strings(spec.ClusterIPs), "'None' must be the first and only value"));
                }
                continue;
            }
            var ipErrors = IpRules.ValidateIp(clusterIPs[i], $"{ClusterIPsPath}[{i}]");
            hasInvalidIPs |= ipErrors.Count > 0;
            errors.AddRange(ipErrors);
        }

        if (clusterIPs.Count > 2)
        {
            errors.Add(FieldError.Invalid(ClusterIPsPath, ServiceGoValues.Strings(spec.ClusterIPs), "may only hold up to 2 values"));
        }

        // Bad addresses would skew the family checks below.
        if (hasInvalidIPs)
        {
            return errors;
        }

        if (clusterIPs.Count > 1 && !(clusterIPs.Any(IpRules.IsIPv6) && clusterIPs.Any(ip => !IpRules.IsIPv6(ip))))
        {
            errors.Add(FieldError.Invalid(ClusterIPsPath, ServiceGoValues.Strings(spec.ClusterIPs), "may specify no more than one IP for each IP family"));
        }

        if (!IsHeadless(spec) && clusterIPs.Count > 0 && Count(spec.IpFamilies) > 0)
        {
            for (var i = 0; i < clusterIPs.Count && i < spec.IpFamilies!.Count; i++)
            {
                var isV6 = IpRules.IsIPv6(clusterIPs[i]);
                if (spec.IpFamilies[i] == IPv4 && isV6)
                {
                    errors.Add(FieldError.Invalid($"{ClusterIPsPath}[{i}]", clusterIPs[i], $"expected an IPv4 value as indicated by `ipFamilies[{i}]`"));
                }
                if (spec.IpFamilies[i] == IPv6 && !isV6)
                {
                    errors.Add(FieldError.Invalid($"{ClusterIPsPath}[{i}]", clusterIPs[i], $"expected an IPv6 value as indicated by `ipFamilies[{i}]`"));
                }
            }
        }
        return errors;
    }

    /// <summary>
    /// validateUpgradeDowngradeClusterIPs: a secondary IP may be added or released, but the IPs already held
    /// never change (this, not the generic "field is immutable", is the message clients see).
    /// </summary>
    public static IEnumerable<FieldError> ValidateClusterIPsUpdate(V1ServiceSpec old, V1ServiceSpec spec)
    {
        if (spec.Type == ExternalName || old.Type == ExternalName || (IsHeadless(old) && IsHeadless(spec)))
        {
            yield break;
        }
        var oldIPs = old.ClusterIPs ?? [];
        var newIPs = spec.ClusterIPs ?? [];
        var value = ServiceGoValues.Strings(spec.ClusterIPs);
        if (oldIPs.Count == newIPs.Count)
        {
            for (var i = 0; i < oldIPs.Count; i++)
            {
                if (oldIPs[i] != newIPs[i])
                {
                    yield return FieldError.Invalid($"{ClusterIPsPath}[{i}]", value, "may not change once set");
                }
            }
        }
        else if (oldIPs.Count > newIPs.Count)
        {
            if (newIPs.Count == 0)
            {
                yield return FieldError.Invalid($"{ClusterIPsPath}[0]", value, "primary clusterIP can not be unset");
            }
            if (oldIPs.Count > 0 && newIPs.Count > 0 && newIPs[0] != oldIPs[0])
            {
                yield return FieldError.Invalid($"{ClusterIPsPath}[0]", value, "may not change once set");
            }
            if (newIPs.Count == 1 && spec.IpFamilyPolicy != SingleStack)
            {
                yield return FieldError.Invalid(IpFamilyPolicyPath, spec.IpFamilyPolicy, "must be set to 'SingleStack' when releasing the secondary clusterIP");
            }
        }
        else if (oldIPs.Count > 0 && newIPs[0] != oldIPs[0])
        {
            yield return FieldError.Invalid($"{ClusterIPsPath}[0]", value, "may not change once set");
        }
    }

    /// <summary>validateUpgradeDowngradeIPFamilies, including upstream's choice of bad values.</summary>
    public static IEnumerable<FieldError> ValidateIpFamiliesUpdate(V1ServiceSpec old, V1ServiceSpec spec)
    {
        // Headless Services may change families; switching to or from headless is caught with clusterIPs.
        if (spec.Type == ExternalName || old.Type == ExternalName || IsHeadless(old) || IsHeadless(spec))
        {
            yield break;
        }
        var oldFamilies = old.IpFamilies ?? [];
        var newFamilies = spec.IpFamilies ?? [];
        var families = ServiceGoValues.IpFamilies(spec.IpFamilies);
        var clusterIPs = ServiceGoValues.Strings(spec.ClusterIPs);
        if (oldFamilies.Count == newFamilies.Count)
        {
            for (var i = 0; i < oldFamilies.Count; i++)
            {
                if (oldFamilies[i] != newFamilies[i])
                {
                    yield return FieldError.Invalid($"{IpFamiliesPath}[0]", families, "may not change once set");
                }
            }
        }
        else if (oldFamilies.Count > newFamilies.Count)
        {
            if (Count(spec.ClusterIPs) == 0)
            {
                yield return FieldError.Invalid($"{IpFamiliesPath}[0]", families, "primary ipFamily can not be unset");
            }
            if (newFamilies.Count > 0 && newFamilies[0] != oldFamilies[0])
            {
                yield return FieldError.Invalid($"{IpFamiliesPath}[0]", clusterIPs, "may not change once set");
            }
            if (newFamilies.Count == 1 && spec.IpFamilyPolicy != SingleStack)
            {
                yield return FieldError.Invalid(IpFamilyPolicyPath, spec.IpFamilyPolicy, "must be set to 'SingleStack' when releasing the secondary ipFamily");
            }
        }
        else if (oldFamilies.Count > 0 && newFamilies[0] != oldFamilies[0])
        {
            yield return FieldError.Invalid($"{IpFamiliesPath}[0]", clusterIPs, "may not change once set");
        }
    }
}
