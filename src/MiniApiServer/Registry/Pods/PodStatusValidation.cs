using k8s.Models;
using MiniApiServer.Machinery;
using MiniApiServer.Registry.Validation;

namespace MiniApiServer.Registry.Pods;

/// <summary>
/// ValidatePodStatusUpdate essentials (pkg/apis/core/validation/validation.go): metadata update, condition
/// types, nominatedNodeName, immutable qosClass, no container back from terminated unless the restart policy
/// allows it, and the pod/host IP lists (validatePodIPs, validateHostIPs). Upstream does not validate the phase.
/// </summary>
internal static class PodStatusValidation
{
    private static readonly HashSet<string> SystemConditions = new(["PodScheduled", "Ready", "Initialized"], StringComparer.Ordinal);

    public static List<FieldError> Validate(V1Pod pod, V1Pod old)
    {
        var errs = new List<FieldError>(ObjectMetaValidation.ValidateObjectMetaUpdate(pod.Metadata ?? new V1ObjectMeta(), old.Metadata ?? new V1ObjectMeta()));
        PodValidation.AnnotationUpdates(pod, old, errs);
        var status = pod.Status ?? new V1PodStatus();
        var oldStatus = old.Status ?? new V1PodStatus();
        var spec = old.Spec ?? new V1PodSpec();

        for (var i = 0; i < (status.Conditions?.Count ?? 0); i++)
        {
            var type = status.Conditions![i].Type ?? "";
            if (!SystemConditions.Contains(type))
            {
                // Upstream builds this path from "metadata" (quirk kept): metadata.conditions[i].Type.
                errs.AddRange(NameRules.QualifiedName(type).Select(m => FieldError.Invalid($"metadata.conditions[{i}].Type", type, m)));
            }
        }

        if (status.NominatedNodeName is { Length: > 0 } nominated && nominated != oldStatus.NominatedNodeName)
        {
            errs.AddRange(NameRules.Dns1123Subdomain(nominated).Select(m => FieldError.Invalid("status.nominatedNodeName", nominated, m)));
        }

        if ((status.QosClass ?? "") != (oldStatus.QosClass ?? ""))
        {
            errs.Add(FieldError.Invalid("status.qosClass", status.QosClass ?? "", "field is immutable"));
        }

        StateTransitions(status.ContainerStatuses, oldStatus.ContainerStatuses, "status.containerStatuses", spec.RestartPolicy, _ => false, errs);
        var sidecars = (spec.InitContainers ?? []).Where(c => c.RestartPolicy == "Always").Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        StateTransitions(status.InitContainerStatuses, oldStatus.InitContainerStatuses, "status.initContainerStatuses", spec.RestartPolicy, sidecars.Contains, errs);
        // The kubelet never restarts ephemeral containers: an implicit restartPolicy Never.
        StateTransitions(status.EphemeralContainerStatuses, oldStatus.EphemeralContainerStatuses, "status.ephemeralContainerStatuses", "Never", _ => false, errs);

        PodIps(status.PodIPs?.Select(p => p.Ip ?? "").ToList() ?? [], errs);
        HostIps(status, errs);
        return errs;
    }

    /// <summary>ValidateContainerStateTransition: a terminated container may only leave that state if it may restart.</summary>
    private static void StateTransitions(
        IList<V1ContainerStatus>? statuses, IList<V1ContainerStatus>? oldStatuses, string path, string? restartPolicy,
        Func<string, bool> restartable, List<FieldError> errs)
    {
        if (restartPolicy == "Always")
        {
            return;
        }
        for (var i = 0; i < (oldStatuses?.Count ?? 0); i++)
        {
            var old = oldStatuses![i];
            if (old.State?.Terminated is not { } terminated ||
                (terminated.ExitCode != 0 && restartPolicy == "OnFailure") || restartable(old.Name ?? ""))
            {
                continue;
            }
            foreach (var current in statuses ?? [])
            {
                if (current.Name == old.Name && current.State?.Terminated is null)
                {
                    errs.Add(FieldError.Forbidden($"{path}[{i}].state", "may not be transitioned to non-terminated state"));
                }
            }
        }
    }

    /// <summary>validatePodIPs: valid IPs, at most one per family, no duplicates.</summary>
    private static void PodIps(List<string> ips, List<FieldError> errs)
    {
        const string path = "status.podIPs";
        for (var i = 0; i < ips.Count; i++)
        {
            errs.AddRange(IpRules.ValidateIp(ips[i], $"{path}[{i}]"));
        }
        if (ips.Count <= 1)
        {
            return;
        }
        DualStack(ips, path, "core.PodIP", errs);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ips.Count; i++)
        {
            if (!seen.Add(ips[i]))
            {
                errs.Add(FieldError.Duplicate($"{path}[{i}]", Literal("core.PodIP", ips[i])));
            }
        }
    }

    /// <summary>validateHostIPs: hostIPs[0] equals hostIP; valid; no duplicates; at most one per family.</summary>
    private static void HostIps(V1PodStatus status, List<FieldError> errs)
    {
        const string path = "status.hostIPs";
        var ips = status.HostIPs?.Select(p => p.Ip ?? "").ToList() ?? [];
        if (ips.Count == 0)
        {
            return;
        }
        if ((status.HostIP ?? "") != ips[0])
        {
            errs.Add(FieldError.Invalid($"{path}[0].ip", ips[0], "must be equal to `hostIP`"));
        }
        for (var i = 0; i < ips.Count; i++)
        {
            errs.AddRange(IpRules.ValidateIp(ips[i], $"{path}[{i}]"));
        }
        if (ips.Count <= 1)
        {
            return;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ips.Count; i++)
        {
            if (!seen.Add(ips[i]))
            {
                errs.Add(FieldError.Duplicate($"{path}[{i}]", Literal("core.HostIP", ips[i])));
            }
        }
        DualStack(ips, path, "core.HostIP", errs);
    }

    /// <summary>netutils.IsDualStackIPStrings: every IP parses, and both families are present; at most two.</summary>
    private static void DualStack(List<string> ips, string path, string type, List<FieldError> errs)
    {
        var dualStack = false;
        if (ips.Any(ip => !IpRules.IsIPv4(ip) && !IpRules.IsIPv6(ip)))
        {
            errs.Add(FieldError.Internal(path, "failed to check for dual stack with error:ip <nil> is invalid"));
        }
        else
        {
            dualStack = ips.Any(IpRules.IsIPv4) && ips.Any(IpRules.IsIPv6);
        }
        if (!dualStack || ips.Count > 2)
        {
            var list = new GoLiteral($"[]{type}{{" + string.Join(", ", ips.Select(ip => Literal(type, ip).Text)) + "}");
            errs.Add(FieldError.Invalid(path, list, "may specify no more than one IP for each IP family"));
        }
    }

    private static GoLiteral Literal(string type, string ip) => new($"{type}{{IP:{GoValue.Quote(ip)}}}");
}
