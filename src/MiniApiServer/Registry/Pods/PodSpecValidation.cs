using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Machinery;
using MiniApiServer.Registry.Validation;

namespace MiniApiServer.Registry.Pods;

/// <summary>
/// ValidatePodSpec essentials, in upstream's order (pkg/apis/core/validation/validation.go). Not checked:
/// volume source contents, security contexts, affinity, topology spread, OS-specific rules, resource claims.
/// </summary>
internal static class PodSpecValidation
{
    private static readonly string[] RestartPolicies = ["Always", "OnFailure", "Never"];
    private static readonly string[] DnsPolicies = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];
    private static readonly string[] PreemptionPolicies = ["PreemptLowerPriority", "Never"];
    private const int MaxDnsNameservers = 3;

    public static void Validate(V1PodSpec spec, JsonObject? raw, List<FieldError> errs)
    {
        if (spec.TerminationGracePeriodSeconds is null)
        {
            errs.Add(FieldError.Required("spec.terminationGracePeriodSeconds"));
        }

        var volumes = Volumes(spec.Volumes, errs);
        ContainerValidation.Containers(spec, volumes, raw, errs);
        ContainerValidation.InitContainers(spec, volumes, raw, errs);
        HostNetworkPorts(spec, errs);

        switch (spec.RestartPolicy)
        {
            case "Always" or "OnFailure" or "Never":
                break;
            case null or "":
                errs.Add(FieldError.Required("spec.restartPolicy"));
                break;
            default:
                errs.Add(FieldError.NotSupported("spec.restartPolicy", spec.RestartPolicy, RestartPolicies));
                break;
        }
        switch (spec.DnsPolicy)
        {
            case "ClusterFirstWithHostNet" or "ClusterFirst" or "Default" or "None":
                break;
            case null or "":
                errs.Add(FieldError.Required("spec.dnsPolicy"));
                break;
            default:
                errs.Add(FieldError.NotSupported("spec.dnsPolicy", spec.DnsPolicy, DnsPolicies));
                break;
        }
        errs.AddRange(MetadataRules.ValidateLabels(spec.NodeSelector, "spec.nodeSelector"));
        DnsConfig(spec, errs);
        for (var i = 0; i < (spec.ReadinessGates?.Count ?? 0); i++)
        {
            QualifiedName(spec.ReadinessGates![i].ConditionType ?? "", $"spec.readinessGates[{i}].conditionType", errs);
        }
        SchedulingGates(spec.SchedulingGates, errs);

        SubdomainName(spec.ServiceAccountName, "spec.serviceAccountName", errs);
        SubdomainName(spec.NodeName, "spec.nodeName", errs);
        if (spec.ActiveDeadlineSeconds is { } deadline && deadline is < 1 or > int.MaxValue)
        {
            errs.Add(FieldError.Invalid("spec.activeDeadlineSeconds", deadline, NameRules.InclusiveRangeError(1, int.MaxValue)));
        }
        LabelName(spec.Hostname, "spec.hostname", errs);
        LabelName(spec.Subdomain, "spec.subdomain", errs);
        if (spec.Tolerations is { Count: > 0 })
        {
            TolerationValidation.Validate(spec.Tolerations, "spec.tolerations", errs);
        }
        HostAliases(spec.HostAliases, errs);
        SubdomainName(spec.PriorityClassName, "spec.priorityClassName", errs);
        if (spec.PreemptionPolicy is { } preemption && !PreemptionPolicies.Contains(preemption))
        {
            errs.Add(preemption.Length == 0
                ? FieldError.Required("spec.preemptionPolicy")
                : FieldError.NotSupported("spec.preemptionPolicy", preemption, PreemptionPolicies));
        }
    }

    /// <summary>ValidateVolumes: returns the names of the valid volumes, which mounts may reference.</summary>
    private static HashSet<string> Volumes(IList<V1Volume>? volumes, List<FieldError> errs)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (volumes?.Count ?? 0); i++)
        {
            var volume = volumes![i];
            var at = $"spec.volumes[{i}]";
            var volumeErrs = new List<FieldError>();
            var sources = PodVolumes.Sources(volume).Where(s => s.Value is not null).ToList();
            volumeErrs.AddRange(sources.Skip(1).Select(s => FieldError.Forbidden($"{at}.{s.Path}", "may not specify more than 1 volume type")));
            if (sources.Count == 0)
            {
                volumeErrs.Add(FieldError.Required(at, "must specify a volume type"));
            }
            if (string.IsNullOrEmpty(volume.Name))
            {
                volumeErrs.Add(FieldError.Required($"{at}.name"));
            }
            else
            {
                LabelName(volume.Name, $"{at}.name", volumeErrs);
            }
            if (names.Contains(volume.Name ?? ""))
            {
                volumeErrs.Add(FieldError.Duplicate($"{at}.name", volume.Name ?? ""));
            }
            if (volumeErrs.Count == 0)
            {
                names.Add(volume.Name!);
            }
            errs.AddRange(volumeErrs);
        }
        return names;
    }

    /// <summary>validatePodHostNetworkDeps: in a Pod, a host-network port's hostPort must equal its containerPort.</summary>
    private static void HostNetworkPorts(V1PodSpec spec, List<FieldError> errs)
    {
        if (spec.HostNetwork != true)
        {
            return;
        }
        for (var i = 0; i < (spec.Containers?.Count ?? 0); i++)
        {
            var ports = spec.Containers![i].Ports ?? [];
            for (var j = 0; j < ports.Count; j++)
            {
                if ((ports[j].HostPort ?? 0) != ports[j].ContainerPort)
                {
                    errs.Add(FieldError.Invalid($"spec.containers[{i}].ports[{j}].hostPort", ports[j].HostPort ?? 0,
                        "must match `containerPort` when `hostNetwork` is true"));
                }
            }
        }
    }

    /// <summary>validatePodDNSConfig: dnsPolicy None needs nameservers; at most 3, each an IP.</summary>
    private static void DnsConfig(V1PodSpec spec, List<FieldError> errs)
    {
        if (spec.DnsPolicy == "None")
        {
            if (spec.DnsConfig is null)
            {
                errs.Add(FieldError.Required("spec.dnsConfig", "must provide `dnsConfig` when `dnsPolicy` is None"));
                return;
            }
            if (spec.DnsConfig.Nameservers is not { Count: > 0 })
            {
                errs.Add(FieldError.Required("spec.dnsConfig.nameservers", "must provide at least one DNS nameserver when `dnsPolicy` is None"));
                return;
            }
        }
        if (spec.DnsConfig?.Nameservers is not { } nameservers)
        {
            return;
        }
        if (nameservers.Count > MaxDnsNameservers)
        {
            errs.Add(FieldError.Invalid("spec.dnsConfig.nameservers", nameservers.ToList(), $"must not have more than {MaxDnsNameservers} nameservers"));
        }
        for (var i = 0; i < nameservers.Count; i++)
        {
            errs.AddRange(IpRules.ValidateIp(nameservers[i], $"spec.dnsConfig.nameservers[{i}]"));
        }
    }

    /// <summary>validateSchedulingGates: qualified names, no duplicates.</summary>
    private static void SchedulingGates(IList<V1PodSchedulingGate>? gates, List<FieldError> errs)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (gates?.Count ?? 0); i++)
        {
            var name = gates![i].Name ?? "";
            QualifiedName(name, $"spec.schedulingGates[{i}]", errs);
            if (!seen.Add(name))
            {
                errs.Add(FieldError.Duplicate($"spec.schedulingGates[{i}]", name));
            }
        }
    }

    private static void HostAliases(IList<V1HostAlias>? aliases, List<FieldError> errs)
    {
        for (var i = 0; i < (aliases?.Count ?? 0); i++)
        {
            errs.AddRange(IpRules.ValidateIp(aliases![i].Ip, $"spec.hostAliases[{i}].ip"));
            var hostnames = aliases[i].Hostnames ?? [];
            for (var j = 0; j < hostnames.Count; j++)
            {
                SubdomainName(hostnames[j], $"spec.hostAliases[{i}].hostnames[{j}]", errs);
            }
        }
    }

    private static void SubdomainName(string? value, string path, List<FieldError> errs)
    {
        if (!string.IsNullOrEmpty(value))
        {
            errs.AddRange(NameRules.Dns1123Subdomain(value).Select(m => FieldError.Invalid(path, value, m)));
        }
    }

    private static void LabelName(string? value, string path, List<FieldError> errs)
    {
        if (!string.IsNullOrEmpty(value))
        {
            errs.AddRange(NameRules.Dns1123Label(value).Select(m => FieldError.Invalid(path, value, m)));
        }
    }

    private static void QualifiedName(string value, string path, List<FieldError> errs) =>
        errs.AddRange(NameRules.QualifiedName(value).Select(m => FieldError.Invalid(path, value, m)));
}
