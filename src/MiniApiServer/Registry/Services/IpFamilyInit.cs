using k8s.Models;
using MiniApiServer.Machinery;
using MiniApiServer.Registry.Validation;
using static MiniApiServer.Registry.Services.ServiceSpecFacts;

namespace MiniApiServer.Registry.Services;

/// <summary>
/// Defaulting of ipFamilyPolicy and ipFamilies against the cluster's configured families, with the errors
/// that stop a write before validation runs (pkg/registry/core/service/storage/alloc.go initIPFamilyFields).
/// <para>
/// Upstream does this in the create/update hooks, ahead of the strategy, and fails the request with only these
/// errors. Here <see cref="Run"/> is called twice: with <c>apply</c> from PrepareFor*, which writes the defaults
/// only when there is no error, and without it from Validate*, which sees the same errors again because the
/// defaults it finds are exactly the ones the first run wrote.
/// </para>
/// </summary>
internal static class IpFamilyInit
{
    private const string PolicyPath = "spec.ipFamilyPolicy";

    public static IReadOnlyList<FieldError> Run(V1ServiceSpec spec, V1ServiceSpec? old, ServiceNetwork network, bool apply)
    {
        if (spec.Type == ExternalName || IsMatchingPreferDualStack(spec, old))
        {
            return [];
        }

        // No static default: an update keeps the stored policy, so a PUT that drops a secondary IP without
        // naming a policy is judged against the policy the Service already had.
        var policy = spec.IpFamilyPolicy
            ?? old?.IpFamilyPolicy
            ?? (spec.ClusterIP == ClusterIPNone && !HasSelector(spec) ? RequireDualStack : SingleStack);
        if (apply)
        {
            spec.IpFamilyPolicy = policy;
        }

        var precheck = ClusterIpValidation.ValidateRelatedFields(spec);
        if (precheck.Count > 0)
        {
            return precheck;
        }

        var errors = new List<FieldError>();
        var clusterIPs = spec.ClusterIPs?.ToList();
        var families = (spec.IpFamilies ?? []).ToList();
        if (old is not null)
        {
            if (policy == SingleStack)
            {
                // Asking for SingleStack without touching the lists is a clear request to release the secondary.
                if (SameList(old.ClusterIPs, spec.ClusterIPs) && clusterIPs is { Count: > 1 })
                {
                    clusterIPs = [clusterIPs[0]];
                }
                if (SameList(old.IpFamilies, spec.IpFamilies) && families.Count > 1)
                {
                    families = [families[0]];
                }
            }
            else
            {
                if (Count(clusterIPs) > 0 && Count(clusterIPs) < Count(old.ClusterIPs))
                {
                    errors.Add(FieldError.Invalid(PolicyPath, policy, "must be 'SingleStack' to release the secondary cluster IP"));
                }
                if (families.Count > 0 && families.Count < Count(old.IpFamilies))
                {
                    errors.Add(FieldError.Invalid(PolicyPath, policy, "must be 'SingleStack' to release the secondary IP family"));
                }
            }
        }

        if (policy == SingleStack)
        {
            if (Count(clusterIPs) == 2)
            {
                errors.Add(FieldError.Invalid(PolicyPath, policy, "must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified"));
            }
            if (families.Count == 2)
            {
                errors.Add(FieldError.Invalid(PolicyPath, policy, "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified"));
            }
        }

        // Families follow the given clusterIPs; an IP of an unserved family gets the more telling error.
        for (var i = 0; i < Count(clusterIPs) && clusterIPs![i] != ClusterIPNone; i++)
        {
            var family = IpRules.IsIPv6(clusterIPs[i]) ? IPv6 : IPv4;
            if (i < families.Count)
            {
                continue;
            }
            if (network.Serves(family))
            {
                families.Add(family);
            }
            else
            {
                errors.Add(FieldError.Invalid($"spec.clusterIPs[{i}]", ServiceGoValues.Strings(clusterIPs), $"{family} is not configured on this cluster"));
            }
        }
        if (errors.Count > 0)
        {
            return errors;
        }

        // Headless without a selector: the user's endpoints may be of either family, so it is dual-stack
        // unless asked otherwise, even on a single-stack cluster.
        if (spec.ClusterIP == ClusterIPNone && !HasSelector(spec))
        {
            if (families.Count == 0)
            {
                families.Add(network.PrimaryFamily);
            }
            if (families.Count < 2 && policy != SingleStack)
            {
                families.Add(OtherFamily(families[0]));
            }
            Write(spec, clusterIPs, families, apply);
            return [];
        }

        if (policy == RequireDualStack && !network.IsDualStack)
        {
            errors.Add(FieldError.Invalid(PolicyPath, policy, "this cluster is not configured for dual-stack services"));
        }
        for (var i = 0; i < families.Count; i++)
        {
            if (!network.Serves(families[i]))
            {
                errors.Add(FieldError.Invalid($"spec.ipFamilies[{i}]", families[i], "not configured on this cluster"));
            }
        }
        if (errors.Count > 0)
        {
            return errors;
        }

        if (families.Count == 0)
        {
            families.Add(network.PrimaryFamily);
        }
        if (policy != SingleStack && families.Count == 1 && network.IsDualStack)
        {
            families.Add(OtherFamily(families[0]));
        }
        Write(spec, clusterIPs, families, apply);
        return [];
    }

    private static void Write(V1ServiceSpec spec, List<string>? clusterIPs, List<string> families, bool apply)
    {
        if (apply)
        {
            spec.ClusterIPs = clusterIPs;
            spec.IpFamilies = families;
        }
    }

    /// <summary>
    /// isMatchingPreferDualStackClusterIPFields: a PreferDualStack Service whose IP fields did not change is left
    /// alone, so it is not upgraded or downgraded just because the cluster's stack changed.
    /// </summary>
    private static bool IsMatchingPreferDualStack(V1ServiceSpec spec, V1ServiceSpec? old) =>
        old is not null
        && spec.IpFamilyPolicy is not null
        && old.Type == spec.Type
        && spec.Type is ClusterIP or NodePort or LoadBalancer
        && spec.IpFamilyPolicy == PreferDualStack
        && (old.IpFamilyPolicy is null || old.IpFamilyPolicy == PreferDualStack)
        && SameList(old.ClusterIPs, spec.ClusterIPs)
        && SameList(old.IpFamilies, spec.IpFamilies);
}
