using MiniApiServer.Machinery;

namespace MiniApiServer.Registry.Services;

/// <summary>
/// Bad values that Service errors print with Go's <c>%#v</c>: typed slices (nil and empty differ) and the
/// <c>core.ServicePort</c> key of the duplicate-port check.
/// </summary>
internal static class ServiceGoValues
{
    /// <summary>A <c>[]string</c>: <c>[]string{"a"}</c>, or <c>[]string(nil)</c> when absent.</summary>
    public static object Strings(IList<string>? values) =>
        values is null ? new GoLiteral("[]string(nil)") : values.ToArray();

    /// <summary>A <c>[]core.IPFamily</c>, e.g. <c>[]core.IPFamily{"IPv4"}</c>.</summary>
    public static GoLiteral IpFamilies(IList<string>? values) =>
        new(values is null
            ? "[]core.IPFamily(nil)"
            : "[]core.IPFamily{" + string.Join(", ", values.Select(GoValue.Quote)) + "}");

    /// <summary>
    /// The map key ValidateService builds for the (protocol, port) duplicate check: every other field of the
    /// struct is zero, target port included.
    /// </summary>
    public static GoLiteral ServicePortKey(string protocol, int port) =>
        new($"core.ServicePort{{Name:\"\", Protocol:{GoValue.Quote(protocol)}, AppProtocol:(*string)(nil), Port:{port}, " +
            "TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, NodePort:0}");
}
