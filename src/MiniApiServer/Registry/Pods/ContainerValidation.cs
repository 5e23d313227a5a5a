using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Machinery;

namespace MiniApiServer.Registry.Pods;

/// <summary>
/// Regular and init containers of a pod spec (pkg/apis/core/validation/validation.go validateContainers,
/// validateInitContainers, validateContainerCommon, validateContainerPorts, ValidateVolumeMounts, ValidateEnv,
/// validatePullPolicy, checkHostPortConflicts). Security contexts, resize policies and resource names are not checked.
/// </summary>
internal static class ContainerValidation
{
    private static readonly string[] PullPolicies = ["Always", "IfNotPresent", "Never"]; // sets.List order
    private static readonly string[] Protocols = ["SCTP", "TCP", "UDP"]; // sets.List order
    private static readonly string[] TerminationMessagePolicies = ["File", "FallbackToLogsOnError"];

    public static void Containers(V1PodSpec spec, IReadOnlySet<string> volumes, JsonObject? raw, List<FieldError> errs)
    {
        const string path = "spec.containers";
        if (spec.Containers is not { Count: > 0 } containers)
        {
            errs.Add(FieldError.Required(path));
            return;
        }
        var grace = spec.TerminationGracePeriodSeconds;
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < containers.Count; i++)
        {
            var ctr = containers[i];
            var at = $"{path}[{i}]";
            Common(ctr, volumes, at, errs);
            // Collisions with init containers are reported on the init container.
            if (!names.Add(ctr.Name ?? ""))
            {
                errs.Add(FieldError.Duplicate($"{at}.name", ctr.Name ?? ""));
            }
            if (ctr.Lifecycle is { } lifecycle)
            {
                ProbeValidation.Lifecycle(lifecycle, grace, $"{at}.lifecycle", raw, errs);
            }
            ProbeValidation.Liveness(ctr.LivenessProbe, grace, $"{at}.livenessProbe", raw, errs);
            ProbeValidation.Readiness(ctr.ReadinessProbe, grace, $"{at}.readinessProbe", raw, errs);
            ProbeValidation.Startup(ctr.StartupProbe, grace, $"{at}.startupProbe", raw, errs);
            if (ctr.RestartPolicy is not null)
            {
                errs.Add(FieldError.Forbidden($"{at}.restartPolicy", "may not be set for non-init containers"));
            }
        }
        HostPortConflicts(containers, path, errs);
    }

    public static void InitContainers(V1PodSpec spec, IReadOnlySet<string> volumes, JsonObject? raw, List<FieldError> errs)
    {
        const string path = "spec.initContainers";
        var grace = spec.TerminationGracePeriodSeconds;
        var names = new HashSet<string>((spec.Containers ?? []).Select(c => c.Name ?? ""), StringComparer.Ordinal);
        var containers = spec.InitContainers ?? [];
        for (var i = 0; i < containers.Count; i++)
        {
            var ctr = containers[i];
            var at = $"{path}[{i}]";
            Common(ctr, volumes, at, errs);

            var restartAlways = false;
            if (ctr.RestartPolicy is { } policy)
            {
                if (policy != "Always")
                {
                    errs.Add(FieldError.NotSupported($"{at}.restartPolicy", policy, ["Always"]));
                }
                restartAlways = policy == "Always";
            }

            if (names.Contains(ctr.Name ?? ""))
            {
                errs.Add(FieldError.Duplicate($"{at}.name", ctr.Name ?? ""));
            }
            else if (!string.IsNullOrEmpty(ctr.Name))
            {
                names.Add(ctr.Name);
            }

            // Init containers run one by one, so each is checked alone; upstream indexes it as [0] (quirk kept).
            HostPortConflicts([ctr], path, errs);

            if (restartAlways)
            {
                if (ctr.Lifecycle is { } lifecycle)
                {
                    ProbeValidation.Lifecycle(lifecycle, grace, $"{at}.lifecycle", raw, errs);
                }
                ProbeValidation.Liveness(ctr.LivenessProbe, grace, $"{at}.livenessProbe", raw, errs);
                ProbeValidation.Readiness(ctr.ReadinessProbe, grace, $"{at}.readinessProbe", raw, errs);
                ProbeValidation.Startup(ctr.StartupProbe, grace, $"{at}.startupProbe", raw, errs);
                continue;
            }
            const string notAllowed = "may not be set for init containers without restartPolicy=Always";
            foreach (var (value, field) in new (object?, string)[]
                     {
                         (ctr.Lifecycle, "lifecycle"), (ctr.LivenessProbe, "livenessProbe"),
                         (ctr.ReadinessProbe, "readinessProbe"), (ctr.StartupProbe, "startupProbe"),
                     })
            {
                if (value is not null)
                {
                    errs.Add(FieldError.Forbidden($"{at}.{field}", notAllowed));
                }
            }
        }
    }

    /// <summary>validateContainerCommon, in upstream's order.</summary>
    private static void Common(V1Container ctr, IReadOnlySet<string> volumes, string path, List<FieldError> errs)
    {
        if (string.IsNullOrEmpty(ctr.Name))
        {
            errs.Add(FieldError.Required($"{path}.name"));
        }
        else
        {
            errs.AddRange(NameRules.Dns1123Label(ctr.Name).Select(m => FieldError.Invalid($"{path}.name", ctr.Name, m)));
        }

        if (string.IsNullOrEmpty(ctr.Image))
        {
            errs.Add(FieldError.Required($"{path}.image"));
        }

        switch (ctr.TerminationMessagePolicy)
        {
            case "File" or "FallbackToLogsOnError":
                break;
            case null or "":
                errs.Add(FieldError.Required($"{path}.terminationMessagePolicy"));
                break;
            default:
                errs.Add(FieldError.NotSupported($"{path}.terminationMessagePolicy", ctr.TerminationMessagePolicy, TerminationMessagePolicies));
                break;
        }

        Ports(ctr.Ports, $"{path}.ports", errs);
        Env(ctr.Env, $"{path}.env", errs);
        VolumeMounts(ctr.VolumeMounts, volumes, $"{path}.volumeMounts", errs);

        switch (ctr.ImagePullPolicy)
        {
            case "Always" or "IfNotPresent" or "Never":
                break;
            case null or "":
                errs.Add(FieldError.Required($"{path}.imagePullPolicy"));
                break;
            default:
                errs.Add(FieldError.NotSupported($"{path}.imagePullPolicy", ctr.ImagePullPolicy, PullPolicies));
                break;
        }

        RequestsWithinLimits(ctr.Resources, $"{path}.resources", errs);
    }

    /// <summary>validateContainerPorts: names are unique within one container.</summary>
    private static void Ports(IList<V1ContainerPort>? ports, string path, List<FieldError> errs)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (ports?.Count ?? 0); i++)
        {
            var port = ports![i];
            var at = $"{path}[{i}]";
            if (!string.IsNullOrEmpty(port.Name))
            {
                var msgs = NameRules.IanaSvcName(port.Name);
                if (msgs.Count > 0)
                {
                    errs.AddRange(msgs.Select(m => FieldError.Invalid($"{at}.name", port.Name, m)));
                }
                else if (!names.Add(port.Name))
                {
                    errs.Add(FieldError.Duplicate($"{at}.name", port.Name));
                }
            }
            if (port.ContainerPort == 0)
            {
                errs.Add(FieldError.Required($"{at}.containerPort"));
            }
            else
            {
                errs.AddRange(NameRules.ValidPortNumber(port.ContainerPort).Select(m => FieldError.Invalid($"{at}.containerPort", port.ContainerPort, m)));
            }
            if (port.HostPort is { } hostPort and not 0)
            {
                errs.AddRange(NameRules.ValidPortNumber(hostPort).Select(m => FieldError.Invalid($"{at}.hostPort", hostPort, m)));
            }
            if (string.IsNullOrEmpty(port.Protocol))
            {
                errs.Add(FieldError.Required($"{at}.protocol"));
            }
            else if (!Protocols.Contains(port.Protocol))
            {
                errs.Add(FieldError.NotSupported($"{at}.protocol", port.Protocol, Protocols));
            }
        }
    }

    /// <summary>
    /// ValidateEnv names only, with RelaxedEnvironmentVariableValidation (GA): any printable ASCII but '='.
    /// </summary>
    private static void Env(IList<V1EnvVar>? env, string path, List<FieldError> errs)
    {
        for (var i = 0; i < (env?.Count ?? 0); i++)
        {
            var name = env![i].Name;
            if (string.IsNullOrEmpty(name))
            {
                errs.Add(FieldError.Required($"{path}[{i}].name"));
            }
            else if (name.Any(c => c is < ' ' or > '~' or '='))
            {
                errs.Add(FieldError.Invalid($"{path}[{i}].name", name,
                    "a valid environment variable name must consist only of printable ASCII characters other than '='"));
            }
        }
    }

    /// <summary>ValidateVolumeMounts essentials: a known volume, a unique non-empty mount path.</summary>
    private static void VolumeMounts(IList<V1VolumeMount>? mounts, IReadOnlySet<string> volumes, string path, List<FieldError> errs)
    {
        var mountPoints = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (mounts?.Count ?? 0); i++)
        {
            var mount = mounts![i];
            var at = $"{path}[{i}]";
            if (string.IsNullOrEmpty(mount.Name))
            {
                errs.Add(FieldError.Required($"{at}.name"));
            }
            if (!volumes.Contains(mount.Name ?? ""))
            {
                errs.Add(FieldError.NotFound($"{at}.name", mount.Name ?? ""));
            }
            if (string.IsNullOrEmpty(mount.MountPath))
            {
                errs.Add(FieldError.Required($"{at}.mountPath"));
            }
            if (!mountPoints.Add(mount.MountPath ?? ""))
            {
                errs.Add(FieldError.Invalid($"{at}.mountPath", mount.MountPath ?? "", "must be unique"));
            }
        }
    }

    /// <summary>ValidateContainerResourceRequirements: a request may not exceed its limit.</summary>
    private static void RequestsWithinLimits(V1ResourceRequirements? resources, string path, List<FieldError> errs)
    {
        foreach (var (name, request) in resources?.Requests ?? new Dictionary<string, ResourceQuantity>())
        {
            if (resources!.Limits?.TryGetValue(name, out var limit) == true && request.ToDecimal() > limit.ToDecimal())
            {
                errs.Add(FieldError.Invalid($"{path}.requests[{name}]", request.ToString(),
                    $"must be less than or equal to {name} limit of {limit}"));
            }
        }
    }

    /// <summary>checkHostPortConflicts: one protocol/hostIP/hostPort may be claimed once.</summary>
    private static void HostPortConflicts(IList<V1Container> containers, string path, List<FieldError> errs)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var ci = 0; ci < containers.Count; ci++)
        {
            var ports = containers[ci].Ports ?? [];
            for (var pi = 0; pi < ports.Count; pi++)
            {
                if (ports[pi].HostPort is not { } hostPort || hostPort == 0)
                {
                    continue;
                }
                var key = $"{ports[pi].Protocol}/{ports[pi].HostIP}/{hostPort}";
                if (!seen.Add(key))
                {
                    errs.Add(FieldError.Duplicate($"{path}[{ci}].ports[{pi}].hostPort", key));
                }
            }
        }
    }
}
