using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Machinery;

namespace MiniApiServer.Registry.Pods;

/// <summary>
/// Probes and lifecycle hooks of a container (pkg/apis/core/validation/validation.go validateProbe,
/// validateLivenessProbe/ReadinessProbe/StartupProbe, validateHandler, validateLifecycle, validateSleepAction).
/// </summary>
internal static class ProbeValidation
{
    private const string NegativeMessage = "must be greater than or equal to 0";

    public static void Liveness(V1Probe? probe, long? gracePeriod, string path, JsonObject? raw, List<FieldError> errs)
    {
        if (probe is null)
        {
            return;
        }
        Probe(probe, gracePeriod, path, raw, errs);
        MustBeOne(probe, path, errs);
    }

    public static void Readiness(V1Probe? probe, long? gracePeriod, string path, JsonObject? raw, List<FieldError> errs)
    {
        if (probe is null)
        {
            return;
        }
        Probe(probe, gracePeriod, path, raw, errs);
        if (probe.TerminationGracePeriodSeconds is { } tgps)
        {
            errs.Add(FieldError.Invalid($"{path}.terminationGracePeriodSeconds", tgps, "must not be set for readinessProbes"));
        }
    }

    public static void Startup(V1Probe? probe, long? gracePeriod, string path, JsonObject? raw, List<FieldError> errs)
    {
        if (probe is null)
        {
            return;
        }
        Probe(probe, gracePeriod, path, raw, errs);
        MustBeOne(probe, path, errs);
    }

    public static void Lifecycle(V1Lifecycle lifecycle, long? gracePeriod, string path, JsonObject? raw, List<FieldError> errs)
    {
        if (lifecycle.PostStart is { } postStart)
        {
            Handler(postStart.Exec, postStart.HttpGet, postStart.TcpSocket, null, postStart.Sleep, gracePeriod, $"{path}.postStart", raw, errs);
        }
        if (lifecycle.PreStop is { } preStop)
        {
            Handler(preStop.Exec, preStop.HttpGet, preStop.TcpSocket, null, preStop.Sleep, gracePeriod, $"{path}.preStop", raw, errs);
        }
    }

    private static void MustBeOne(V1Probe probe, string path, List<FieldError> errs)
    {
        if ((probe.SuccessThreshold ?? 0) != 1)
        {
            errs.Add(FieldError.Invalid($"{path}.successThreshold", probe.SuccessThreshold ?? 0, "must be 1"));
        }
    }

    private static void Probe(V1Probe probe, long? gracePeriod, string path, JsonObject? raw, List<FieldError> errs)
    {
        Handler(probe.Exec, probe.HttpGet, probe.TcpSocket, probe.Grpc, null, gracePeriod, path, raw, errs);
        NonNegative(probe.InitialDelaySeconds, $"{path}.initialDelaySeconds", errs);
        NonNegative(probe.TimeoutSeconds, $"{path}.timeoutSeconds", errs);
        NonNegative(probe.PeriodSeconds, $"{path}.periodSeconds", errs);
        NonNegative(probe.SuccessThreshold, $"{path}.successThreshold", errs);
        NonNegative(probe.FailureThreshold, $"{path}.failureThreshold", errs);
        if (probe.TerminationGracePeriodSeconds is <= 0 and var tgps)
        {
            errs.Add(FieldError.Invalid($"{path}.terminationGracePeriodSeconds", tgps, "must be greater than 0"));
        }
    }

    private static void NonNegative(int? value, string path, List<FieldError> errs)
    {
        if (value < 0)
        {
            errs.Add(FieldError.Invalid(path, (long)value, NegativeMessage));
        }
    }

    /// <summary>Exactly one action, checked in upstream's order (exec, httpGet, tcpSocket, grpc, sleep).</summary>
    private static void Handler(
        V1ExecAction? exec, V1HTTPGetAction? httpGet, V1TCPSocketAction? tcpSocket, V1GRPCAction? grpc, V1SleepAction? sleep,
        long? gracePeriod, string path, JsonObject? raw, List<FieldError> errs)
    {
        var handlers = 0;
        bool First(object? action, string name)
        {
            if (action is null)
            {
                return false;
            }
            if (handlers++ > 0)
            {
                errs.Add(FieldError.Forbidden($"{path}.{name}", "may not specify more than 1 handler type"));
                return false;
            }
            return true;
        }

        if (First(exec, "exec") && exec!.Command is not { Count: > 0 })
        {
            errs.Add(FieldError.Required($"{path}.exec.command"));
        }
        if (First(httpGet, "httpGet"))
        {
            if (string.IsNullOrEmpty(httpGet!.Path))
            {
                errs.Add(FieldError.Required($"{path}.httpGet.path"));
            }
            PortNumOrName(httpGet.Port, $"{path}.httpGet.port", raw, errs);
            if (httpGet.Scheme is not ("HTTP" or "HTTPS"))
            {
                errs.Add(FieldError.NotSupported($"{path}.httpGet.scheme", httpGet.Scheme ?? "", ["HTTP", "HTTPS"]));
            }
        }
        if (First(tcpSocket, "tcpSocket"))
        {
            PortNumOrName(tcpSocket!.Port, $"{path}.tcpSocket.port", raw, errs);
        }
        if (First(grpc, "grpc"))
        {
            errs.AddRange(NameRules.ValidPortNumber(grpc!.Port).Select(m => FieldError.Invalid($"{path}.grpc.port", grpc.Port, m)));
        }
        if (First(sleep, "sleep") && gracePeriod is { } grace && (sleep!.Seconds < 0 || sleep.Seconds > grace))
        {
            // PodLifecycleSleepActionAllowZero is on by default, so zero is accepted.
            errs.Add(FieldError.Invalid($"{path}.sleep", sleep.Seconds,
                $"must be non-negative and less than terminationGracePeriodSeconds ({grace})"));
        }
        if (handlers == 0)
        {
            errs.Add(FieldError.Required(path, "must specify a handler type"));
        }
    }

    /// <summary>
    /// ValidatePortNumOrName. A JSON string stays a port name even when it looks numeric (the client library
    /// loses that distinction, so the raw request decides when there is one).
    /// </summary>
    private static void PortNumOrName(IntOrString? port, string path, JsonObject? raw, List<FieldError> errs)
    {
        var text = port?.Value ?? "";
        if (!RawJson.IsString(raw, path) && int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign,
                System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            errs.AddRange(NameRules.ValidPortNumber(number).Select(m => FieldError.Invalid(path, number, m)));
            return;
        }
        errs.AddRange(NameRules.IanaSvcName(text).Select(m => FieldError.Invalid(path, text, m)));
    }
}
