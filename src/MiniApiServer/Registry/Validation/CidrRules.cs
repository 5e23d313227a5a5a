using MiniApiServer.Machinery;

namespace MiniApiServer.Registry.Validation;

/// <summary>
/// CIDR parsing as k8s.io/utils/net ParseCIDRSloppy does it (Go's net.ParseCIDR, leading zeros allowed): the
/// address decides the width (a colon means IPv6), the prefix is plain decimal digits up to that width. Services'
/// load-balancer source ranges and nodes' pod CIDRs are checked with it.
/// </summary>
internal static class CidrRules
{
    public const string IPv4 = "IPv4";
    public const string IPv6 = "IPv6";

    /// <summary>The family of a valid CIDR (<c>IPv4</c>/<c>IPv6</c>), or null when it does not parse.</summary>
    public static string? FamilyOf(string value)
    {
        var slash = value.IndexOf('/');
        if (slash < 0)
        {
            return null;
        }
        var address = value[..slash];
        var prefix = value[(slash + 1)..];
        var isV6 = address.Contains(':');
        var parses = IpRules.IsIPv4(address) || IpRules.IsIPv6(address);
        if (!parses || prefix.Length == 0 || !prefix.All(char.IsAsciiDigit))
        {
            return null;
        }
        var bits = isV6 ? 128 : 32;
        var trimmed = prefix.TrimStart('0');
        if (trimmed.Length > 3 || (trimmed.Length > 0 && int.Parse(trimmed, System.Globalization.CultureInfo.InvariantCulture) > bits))
        {
            return null;
        }
        return isV6 ? IPv6 : IPv4;
    }

    /// <summary>validation.IsValidCIDR (legacy form: <c>loadBalancerSourceRanges</c>, <c>spec.podCIDRs</c>).</summary>
    public static IReadOnlyList<FieldError> Validate(string value, string path) =>
        FamilyOf(value) is null
            ? [FieldError.Invalid(path, value, "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)")]
            : [];
}
