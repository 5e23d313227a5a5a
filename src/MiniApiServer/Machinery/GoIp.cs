using System.Text.RegularExpressions;

namespace MiniApiServer.Machinery;

/// <summary>
/// Go's IP parsing as kube-apiserver validation sees it: <c>netutils.ParseIPSloppy</c> (k8s.io/utils/net/parse.go),
/// which is Go's <c>net.ParseIP</c> (itself <c>netip.ParseAddr</c> with zones rejected), retried after stripping
/// leading zeros from an IPv4 address or a trailing embedded IPv4. So "010.1.1.1" parses (as 10.1.1.1), while
/// "1.2.3", hex or octal forms, "fe80::1%eth0" and IPv6 groups of five digits do not.
/// The result is always 16 bytes; IPv4 is held IPv4-mapped (::ffff:a.b.c.d), as in Go's <c>net.IP</c>.
/// </summary>
internal static class GoIp
{
    private static readonly Regex MatchZeros = new(
        @"(^|:)0*(0|[1-9][0-9]*)\.0*(0|[1-9][0-9]*)\.0*(0|[1-9][0-9]*)\.0*(0|[1-9][0-9]*)((/)0*(0|[1-9][0-9]*))?\z",
        RegexOptions.CultureInvariant);

    private const string StripZeros = "$1$2.$3.$4.$5$7$8";

    public static byte[]? ParseSloppy(string s) => Parse(s) ?? Parse(MatchZeros.Replace(s, StripZeros));

    /// <summary>Go's <c>net.ParseIP</c> alone (<c>netip.ParseAddr</c> without zones): no leading zeros in IPv4 octets.</summary>
    public static byte[]? ParseStrict(string s) => Parse(s);

    /// <summary>Go's <c>net.IP.To4() != nil</c>: IPv4, including IPv4-mapped IPv6 such as "::ffff:1.2.3.4".</summary>
    public static bool Is4(byte[] ip) =>
        ip.AsSpan(0, 10).IndexOfAnyExcept((byte)0) < 0 && ip[10] == 0xff && ip[11] == 0xff;

    /// <summary>Go's <c>net.ParseIP</c>: dispatch on the first '.' or ':'.</summary>
    private static byte[]? Parse(string s)
    {
        foreach (var c in s)
        {
            switch (c)
            {
                case '.':
                    return ParseIPv4(s);
                case ':':
                    return ParseIPv6(s);
                case '%':
                    return null;
            }
        }
        return null;
    }

    private static byte[]? ParseIPv4(string s)
    {
        var fields = new byte[4];
        if (!ParseIPv4Fields(s, fields))
        {
            return null;
        }
        var ip = new byte[16];
        ip[10] = ip[11] = 0xff;
        fields.CopyTo(ip, 12);
        return ip;
    }

    /// <summary><c>netip.parseIPv4Fields</c>: four decimal octets, no leading zeros, no empty fields.</summary>
    private static bool ParseIPv4Fields(ReadOnlySpan<char> s, Span<byte> fields)
    {
        int val = 0, pos = 0, digLen = 0;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c is >= '0' and <= '9')
            {
                if (digLen == 1 && val == 0)
                {
                    return false;
                }
                val = val * 10 + (c - '0');
                digLen++;
                if (val > 255)
                {
                    return false;
                }
            }
            else if (c == '.')
            {
                if (i == 0 || i == s.Length - 1 || s[i - 1] == '.' || pos == 3)
                {
                    return false;
                }
                fields[pos++] = (byte)val;
                val = 0;
                digLen = 0;
            }
            else
            {
                return false;
            }
        }
        if (pos < 3)
        {
            return false;
        }
        fields[3] = (byte)val;
        return true;
    }

    /// <summary><c>netip.parseIPv6</c> without zones (<c>net.ParseIP</c> rejects any zone).</summary>
    private static byte[]? ParseIPv6(string input)
    {
        if (input.Contains('%'))
        {
            return null;
        }
        var s = input.AsSpan();
        var ip = new byte[16];
        var ellipsis = -1;
        if (s.Length >= 2 && s[0] == ':' && s[1] == ':')
        {
            ellipsis = 0;
            s = s[2..];
            if (s.Length == 0)
            {
                return ip;
            }
        }

        var i = 0;
        while (i < 16)
        {
            var off = 0;
            var acc = 0;
            for (; off < s.Length; off++)
            {
                var d = HexValue(s[off]);
                if (d < 0)
                {
                    break;
                }
                acc = (acc << 4) + d;
                if (off > 3 || acc > 0xffff)
                {
                    return null;
                }
            }
            if (off == 0)
            {
                return null;
            }

            if (off < s.Length && s[off] == '.')
            {
                // An embedded IPv4 must take the last 32 bits, explicitly or after a "::".
                if ((ellipsis < 0 && i != 12) || i + 4 > 16 || !ParseIPv4Fields(s, ip.AsSpan(i, 4)))
                {
                    return null;
                }
                s = [];
                i += 4;
                break;
            }

            ip[i] = (byte)(acc >> 8);
            ip[i + 1] = (byte)acc;
            i += 2;

            s = s[off..];
            if (s.Length == 0)
            {
                break;
            }
            if (s[0] != ':' || s.Length == 1)
            {
                return null;
            }
            s = s[1..];
            if (s[0] == ':')
            {
                if (ellipsis >= 0)
                {
                    return null;
                }
                ellipsis = i;
                s = s[1..];
                if (s.Length == 0)
                {
                    break;
                }
            }
        }

        if (s.Length != 0)
        {
            return null;
        }
        if (i < 16)
        {
            if (ellipsis < 0)
            {
                return null;
            }
            var n = 16 - i;
            for (var j = i - 1; j >= ellipsis; j--)
            {
                ip[j + n] = ip[j];
            }
            ip.AsSpan(ellipsis, n).Clear();
        }
        else if (ellipsis >= 0)
        {
            // "::" must stand for at least one group of zeros.
            return null;
        }
        return ip;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
