using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Machinery;
using static MiniApiServer.Registry.Services.ServiceSpecFacts;

namespace MiniApiServer.Registry.Services;

/// <summary>
/// The rules on <c>spec.ports</c> (pkg/apis/core/validation/validation.go validateServicePort,
/// ValidatePortNumOrName and the port checks of ValidateService).
/// </summary>
internal static class ServicePortValidation
{
    /// <summary>validateServicePort for every port, in order (names are unique across the list).</summary>
    public static IEnumerable<FieldError> ValidatePorts(IList<V1ServicePort> ports, JsonObject? raw)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ports.Count; i++)
        {
            var port = ports[i];
            var path = $"spec.ports[{i}]";
            var name = port.Name ?? "";
            if (ports.Count > 1 && name.Length == 0)
            {
                yield return FieldError.Required($"{path}.name");
            }
            else if (name.Length != 0)
            {
                foreach (var msg in NameRules.Dns1123Label(name))
                {
                    yield return FieldError.Invalid($"{path}.name", name, msg);
                }
                if (!names.Add(name))
                {
                    yield return FieldError.Duplicate($"{path}.name", name);
                }
            }

            foreach (var msg in NameRules.ValidPortNumber(port.Port))
            {
                yield return FieldError.Invalid($"{path}.port", port.Port, msg);
            }

            if (string.IsNullOrEmpty(port.Protocol))
            {
                yield return FieldError.Required($"{path}.protocol");
            }
            else if (!Protocols.Contains(port.Protocol))
            {
                yield return FieldError.NotSupported($"{path}.protocol", port.Protocol, Protocols);
            }

            foreach (var error in ValidateTargetPort(port, RawTargetPortName(raw, i), $"{path}.targetPort"))
            {
                yield return error;
            }

            if (port.AppProtocol is { } appProtocol)
            {
                foreach (var msg in NameRules.QualifiedName(appProtocol))
                {
                    yield return FieldError.Invalid($"{path}.appProtocol", appProtocol, msg);
                }
            }
        }
    }

    /// <summary>
    /// The port checks ValidateService makes across the list: no nodePort on ClusterIP Services, and no two ports
    /// sharing (protocol, nodePort) or (protocol, port).
    /// </summary>
    public static IEnumerable<FieldError> ValidatePortSet(V1ServiceSpec spec)
    {
        var ports = spec.Ports ?? [];
        if (spec.Type == ClusterIP)
        {
            for (var i = 0; i < ports.Count; i++)
            {
                if ((ports[i].NodePort ?? 0) != 0)
                {
                    yield return FieldError.Forbidden($"spec.ports[{i}].nodePort", "may not be used when `type` is 'ClusterIP'");
                }
            }
        }

        var nodePorts = new HashSet<(string, int)>();
        for (var i = 0; i < ports.Count; i++)
        {
            var nodePort = ports[i].NodePort ?? 0;
            if (nodePort != 0 && !nodePorts.Add((ports[i].Protocol ?? "", nodePort)))
            {
                yield return FieldError.Duplicate($"spec.ports[{i}].nodePort", nodePort);
            }
        }

        var servicePorts = new HashSet<(string, int)>();
        for (var i = 0; i < ports.Count; i++)
        {
            var protocol = ports[i].Protocol ?? "";
            if (!servicePorts.Add((protocol, ports[i].Port)))
            {
                yield return FieldError.Duplicate($"spec.ports[{i}]", ServiceGoValues.ServicePortKey(protocol, ports[i].Port));
            }
        }
    }

    /// <summary>
    /// ValidatePortNumOrName. <paramref name="rawName"/> is the request's JSON string when it sent one:
    /// <c>IntOrString</c> turns <c>"8082"</c> into a number, but upstream keeps it a string, so a name.
    /// </summary>
    private static IEnumerable<FieldError> ValidateTargetPort(V1ServicePort port, string? rawName, string path)
    {
        var value = rawName ?? port.TargetPort?.Value ?? "0";
        if (rawName is null && int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return NameRules.ValidPortNumber(number).Select(msg => FieldError.Invalid(path, number, msg));
        }
        return NameRules.IanaSvcName(value).Select(msg => FieldError.Invalid(path, value, msg));
    }

    /// <summary>
    /// The raw <c>targetPort</c> of port <paramref name="index"/> when it is a non-empty JSON string (an empty
    /// one is defaulted to the port number, like a missing one).
    /// </summary>
    private static string? RawTargetPortName(JsonObject? raw, int index) =>
        raw?["spec"] is JsonObject spec
        && spec["ports"] is JsonArray ports
        && index < ports.Count
        && ports[index] is JsonObject port
        && port["targetPort"] is JsonValue target
        && target.GetValueKind() == JsonValueKind.String
        && target.GetValue<string>() is { Length: > 0 } name
            ? name
            : null;
}
