using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MiniApiServer.Machinery;

/// <summary>
/// Addresses and CIDRs printed as Go prints them (net.IP.String, netip.Addr.String), which is the canonical form an
/// IPAddress object's name must have (pkg/apis/networking/validation ValidateIPAddressName compares the name with it).
/// .NET differs for IPv6: it prints an embedded IPv4 tail for IPv4-compatible and ISATAP-looking addresses
/// (<c>::1.2.3.4</c>, <c>fd00::5efe:10.0.0.1</c>) where Go prints hex groups.
/// </summary>
internal static class GoIpText
{
    /// <summary>IPv4 (also when IPv4-mapped) dotted; IPv6 in lower-case hex, the longest run of two or more zero groups (the first on a tie) as "::".</summary>
    public static string Format(IPAddress ip)
    {
        if (ip.IsIPv4MappedToIPv6)
        {
            ip = ip.MapToIPv4();
        }
        if (ip.AddressFamily == AddressFamily.InterNetwork)
        {
            return ip.ToString();
        }
        Span<byte> bytes = stackalloc byte[16];
        ip.TryWriteBytes(bytes, out _);
        Span<int> groups = stackalloc int[8];
        for (var i = 0; i < 8; i++)
        {
            groups[i] = (bytes[2 * i] << 8) | bytes[(2 * i) + 1];
        }

        // netip.Addr.appendTo6: find the longest run of zero groups of length >= 2.
        int zeroStart = -1, zeroEnd = -1;
        for (var i = 0; i < 8; i++)
        {
            var j = i;
            while (j < 8 && groups[j] == 0)
            {
                j++;
            }
            if (j - i >= 2 && j - i > zeroEnd - zeroStart)
            {
                (zeroStart, zeroEnd) = (i, j);
            }
        }

        var text = new StringBuilder(39);
        for (var i = 0; i < 8; i++)
        {
            if (i == zeroStart)
            {
                text.Append("::");
                i = zeroEnd - 1;
                continue;
            }
            if (i > 0 && i != zeroEnd)
            {
                text.Append(':');
            }
            text.Append(groups[i].ToString("x", CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }

    /// <summary>Go's net.IPNet.String: the address, "/", the prefix length.</summary>
    public static string Format(IPNetwork network) =>
        Format(network.BaseAddress) + "/" + network.PrefixLength.ToString(CultureInfo.InvariantCulture);
}
