using System.Net;
using MiniApiServer.Machinery;

namespace MiniApiServer.Registry.Validation;

/// <summary>
/// IP address checks with kube-apiserver's messages. Parsing is the sloppy legacy form
/// (<see cref="GoIp.ParseSloppy"/>): through 1.35 the <c>StrictIPCIDRValidation</c> gate is alpha and off, so
/// <c>IsValidIPForLegacyField</c> accepts leading zeros and IPv4-mapped IPv6 and reports only unparsable values.
/// </summary>
internal static class IpRules
{
    public const string InvalidIpMessage = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";

    /// <summary>apimachinery <c>IsValidIPForLegacyField</c> (<c>pkg/util/validation/ip.go</c>), gate off.</summary>
    public static IReadOnlyList<FieldError> ValidateIp(string? value, string path) =>
        GoIp.ParseSloppy(value ?? "") is null ? [FieldError.Invalid(path, value ?? "", InvalidIpMessage)] : [];

    /// <summary>
    /// apimachinery <c>IsValidIP</c> (<c>pkg/util/validation/ip.go</c>), the strict rule for fields that never took
    /// sloppy values: no leading zeros, no IPv4-mapped IPv6, and the canonical form Go prints (<c>net.IP.String</c>).
    /// The last check runs only when the others passed.
    /// </summary>
    public static IReadOnlyList<FieldError> ValidateIpStrict(string value, string path)
    {
        if (GoIp.ParseSloppy(value) is not { } ip)
        {
            return [FieldError.Invalid(path, value, InvalidIpMessage)];
        }
        var errs = new List<FieldError>();
        var strict = GoIp.ParseStrict(value);
        if (strict is null)
        {
            // ParseIPSloppy took it and netip.ParseAddr does not: it has leading zeros.
            errs.Add(FieldError.Invalid(path, value, "must not have leading 0s"));
        }
        else if (value.Contains(':', StringComparison.Ordinal) && GoIp.Is4(strict))
        {
            // netip.Addr.Is4In6: IPv4 written in IPv6 form ("::ffff:1.2.3.4").
            errs.Add(FieldError.Invalid(path, value, "must not be an IPv4-mapped IPv6 address"));
        }
        if (errs.Count > 0)
        {
            return errs;
        }
        var canonical = GoIpText.Format(new IPAddress(ip));
        return value == canonical ? [] : [FieldError.Invalid(path, value, $"must be in canonical form ({GoValue.Quote(canonical)})")];
    }

    /// <summary>
    /// <c>ValidateNonSpecialIP</c> (<c>pkg/apis/core/validation/validation.go</c>), used for Endpoints addresses and
    /// external IPs: no unspecified, loopback, link-local or link-local multicast address. Note its own, shorter
    /// parse-failure message; callers normally run <see cref="ValidateIp"/> first.
    /// </summary>
    public static IReadOnlyList<FieldError> ValidateNonSpecialIp(string ip, string path)
    {
        var addr = GoIp.ParseSloppy(ip);
        if (addr is null)
        {
            return [FieldError.Invalid(path, ip, "must be a valid IP address")];
        }
        var errs = new List<FieldError>();
        if (IsUnspecified(addr))
        {
            errs.Add(FieldError.Invalid(path, ip, $"may not be unspecified ({ip})"));
        }
        if (IsLoopback(addr))
        {
            errs.Add(FieldError.Invalid(path, ip, "may not be in the loopback range (127.0.0.0/8, ::1/128)"));
        }
        if (IsLinkLocalUnicast(addr))
        {
            errs.Add(FieldError.Invalid(path, ip, "may not be in the link-local range (169.254.0.0/16, fe80::/10)"));
        }
        if (IsLinkLocalMulticast(addr))
        {
            errs.Add(FieldError.Invalid(path, ip, "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)"));
        }
        return errs;
    }

    /// <summary><c>netutils.IsIPv4String</c>: parses, and is IPv4 (IPv4-mapped IPv6 counts as IPv4).</summary>
    public static bool IsIPv4(string value) => GoIp.ParseSloppy(value) is { } ip && GoIp.Is4(ip);

    /// <summary><c>netutils.IsIPv6String</c>: parses, and is not IPv4.</summary>
    public static bool IsIPv6(string value) => GoIp.ParseSloppy(value) is { } ip && !GoIp.Is4(ip);

    // The predicates below are Go's net.IP methods (net/ip.go).
    private static bool IsUnspecified(byte[] ip) =>
        GoIp.Is4(ip) ? ip[12] == 0 && ip[13] == 0 && ip[14] == 0 && ip[15] == 0 : ip.AsSpan().IndexOfAnyExcept((byte)0) < 0;

    private static bool IsLoopback(byte[] ip) =>
        GoIp.Is4(ip) ? ip[12] == 127 : ip.AsSpan(0, 15).IndexOfAnyExcept((byte)0) < 0 && ip[15] == 1;

    private static bool IsLinkLocalUnicast(byte[] ip) =>
        GoIp.Is4(ip) ? ip[12] == 169 && ip[13] == 254 : ip[0] == 0xfe && (ip[1] & 0xc0) == 0x80;

    private static bool IsLinkLocalMulticast(byte[] ip) =>
        GoIp.Is4(ip) ? ip[12] == 224 && ip[13] == 0 && ip[14] == 0 : ip[0] == 0xff && (ip[1] & 0x0f) == 0x02;
}
