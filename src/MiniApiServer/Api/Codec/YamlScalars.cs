using System.Globalization;
using System.Text.RegularExpressions;

namespace MiniApiServer.Api.Codec;

internal enum YamlScalarKind
{
    String,
    Null,
    Bool,
    Int,
    UInt,
    Float,

    /// <summary>Looks like a YAML timestamp. Decoded as the string itself, but written quoted so it stays one.</summary>
    Timestamp,
}

internal readonly record struct YamlScalar(YamlScalarKind Kind, bool Bool = false, long Int = 0, ulong UInt = 0, double Float = 0);

/// <summary>
/// How a plain (unquoted) YAML scalar is typed, exactly as gopkg.in/yaml.v2 resolve.go does it, because that is what
/// sigs.k8s.io/yaml YAMLToJSON (and so kube-apiserver and kubectl) uses. This is YAML 1.1-flavoured, not the 1.2 core
/// schema: <c>yes/no/on/off/y/n</c> are booleans, a leading <c>0</c> means octal, underscores are dropped from
/// numbers. Also Go's float and key formatting (strconv.FormatFloat 'g', -1) used by the yaml.v2 encoder.
/// </summary>
internal static partial class YamlScalars
{
    private static readonly Dictionary<string, YamlScalar> Words = BuildWords();

    public static YamlScalar Resolve(string text)
    {
        if (text.Length == 0)
        {
            return new YamlScalar(YamlScalarKind.Null);
        }
        var first = text[0];
        var hint = first switch
        {
            '+' or '-' => 'S',
            >= '0' and <= '9' => 'D',
            'y' or 'Y' or 'n' or 'N' or 't' or 'T' or 'f' or 'F' or 'o' or 'O' or '~' => 'M',
            '.' => '.',
            _ => '\0',
        };
        if (hint == '\0')
        {
            return new YamlScalar(YamlScalarKind.String);
        }
        if (Words.TryGetValue(text, out var word))
        {
            return word;
        }
        switch (hint)
        {
            case '.':
                // strconv.ParseFloat of something starting with '.': only the decimal forms succeed.
                if (LeadingDotFloat().IsMatch(text) && TryParseFiniteDouble(text, out var dotted))
                {
                    return new YamlScalar(YamlScalarKind.Float, Float: dotted);
                }
                break;
            case 'D' or 'S':
                if (IsTimestamp(text))
                {
                    return new YamlScalar(YamlScalarKind.Timestamp);
                }
                var plain = text.Replace("_", "", StringComparison.Ordinal);
                if (TryParseGoInt(plain, out var i))
                {
                    return new YamlScalar(YamlScalarKind.Int, Int: i);
                }
                if (TryParseGoUInt(plain, out var u))
                {
                    return new YamlScalar(YamlScalarKind.UInt, UInt: u);
                }
                // Go's ParseFloat fails on overflow (1e400), so such text stays a string.
                if (YamlStyleFloat().IsMatch(plain) && TryParseFiniteDouble(plain, out var f))
                {
                    return new YamlScalar(YamlScalarKind.Float, Float: f);
                }
                break;
        }
        return new YamlScalar(YamlScalarKind.String);
    }

    /// <summary>yaml.v2 encode.go isBase60Float: such strings are quoted on output for YAML 1.1 readers.</summary>
    public static bool IsBase60Float(string text) =>
        text.Length > 0 && (text[0] is '+' or '-' or (>= '0' and <= '9')) && text.Contains(':', StringComparison.Ordinal)
        && Base60Float().IsMatch(text);

    /// <summary>strconv.FormatFloat(value, 'g', -1, 64 or 32), with yaml.v2's spellings of infinities and NaN.</summary>
    public static string FormatGoFloat(double value, bool float32 = false)
    {
        if (double.IsNaN(value))
        {
            return ".nan";
        }
        if (double.IsInfinity(value))
        {
            return value > 0 ? ".inf" : "-.inf";
        }
        // .NET's "R" gives the shortest round-trip digits (for float32 when asked); only the layout differs from Go.
        var shortest = float32
            ? ((float)value).ToString("R", CultureInfo.InvariantCulture)
            : value.ToString("R", CultureInfo.InvariantCulture);
        var negative = shortest.StartsWith('-');
        var body = negative ? shortest[1..] : shortest;
        var exponent = 0;
        var e = body.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(body[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            body = body[..e];
        }
        var point = body.IndexOf('.', StringComparison.Ordinal);
        var digits = point < 0 ? body : body[..point] + body[(point + 1)..];
        var decimalPoint = (point < 0 ? body.Length : point) + exponent;
        var trimmed = digits.TrimStart('0');
        decimalPoint -= digits.Length - trimmed.Length;
        digits = trimmed.TrimEnd('0');
        var sign = negative ? "-" : "";
        if (digits.Length == 0)
        {
            return sign + "0";
        }
        // Go: %e when the exponent is < -4 or >= 6 (the precision used for the shortest form).
        var exp = decimalPoint - 1;
        if (exp < -4 || exp >= 6)
        {
            var mantissa = digits.Length == 1 ? digits : digits[..1] + "." + digits[1..];
            var expSign = exp < 0 ? "-" : "+";
            return $"{sign}{mantissa}e{expSign}{Math.Abs(exp):00}";
        }
        if (decimalPoint <= 0)
        {
            return $"{sign}0.{new string('0', -decimalPoint)}{digits}";
        }
        if (decimalPoint >= digits.Length)
        {
            return sign + digits + new string('0', decimalPoint - digits.Length);
        }
        return $"{sign}{digits[..decimalPoint]}.{digits[decimalPoint..]}";
    }

    private static bool TryParseFiniteDouble(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    /// <summary>strconv.ParseInt(s, 0, 64): optional sign, then 0x / 0o / 0b / leading-0 octal / decimal.</summary>
    private static bool TryParseGoInt(string s, out long value)
    {
        value = 0;
        var negative = s.StartsWith('-');
        var unsigned = s.Length > 0 && s[0] is '+' or '-' ? s[1..] : s;
        if (!TryParseGoUInt(unsigned, out var magnitude))
        {
            return false;
        }
        if (negative)
        {
            if (magnitude > (ulong)long.MaxValue + 1)
            {
                return false;
            }
            value = unchecked(-(long)magnitude);
            return true;
        }
        if (magnitude > long.MaxValue)
        {
            return false;
        }
        value = (long)magnitude;
        return true;
    }

    /// <summary>strconv.ParseUint(s, 0, 64) without underscores (the caller removed them).</summary>
    private static bool TryParseGoUInt(string s, out ulong value)
    {
        value = 0;
        var (radix, digits) = s switch
        {
            _ when s.Length > 2 && s[0] == '0' && (s[1] is 'x' or 'X') => (16, s[2..]),
            _ when s.Length > 2 && s[0] == '0' && (s[1] is 'o' or 'O') => (8, s[2..]),
            _ when s.Length > 2 && s[0] == '0' && (s[1] is 'b' or 'B') => (2, s[2..]),
            _ when s.Length > 1 && s[0] == '0' => (8, s[1..]),
            _ => (10, s),
        };
        if (digits.Length == 0)
        {
            return false;
        }
        foreach (var c in digits)
        {
            var d = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'f' => c - 'a' + 10,
                >= 'A' and <= 'F' => c - 'A' + 10,
                _ => int.MaxValue,
            };
            if (d >= radix)
            {
                return false;
            }
            if (value > (ulong.MaxValue - (ulong)d) / (ulong)radix)
            {
                return false;
            }
            value = value * (ulong)radix + (ulong)d;
        }
        return true;
    }

    /// <summary>yaml.v2 parseTimestamp: the formats it accepts (ranges not checked: quoting a near-miss is harmless).</summary>
    private static bool IsTimestamp(string s) => s.Length >= 8 && Timestamp().IsMatch(s);

    private static Dictionary<string, YamlScalar> BuildWords()
    {
        var words = new Dictionary<string, YamlScalar>(StringComparer.Ordinal);
        void Add(YamlScalar value, params string[] spellings)
        {
            foreach (var s in spellings)
            {
                words[s] = value;
            }
        }
        Add(new YamlScalar(YamlScalarKind.Bool, Bool: true), "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON");
        Add(new YamlScalar(YamlScalarKind.Bool, Bool: false), "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF");
        Add(new YamlScalar(YamlScalarKind.Null), "~", "null", "Null", "NULL");
        Add(new YamlScalar(YamlScalarKind.Float, Float: double.NaN), ".nan", ".NaN", ".NAN");
        Add(new YamlScalar(YamlScalarKind.Float, Float: double.PositiveInfinity), ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF");
        Add(new YamlScalar(YamlScalarKind.Float, Float: double.NegativeInfinity), "-.inf", "-.Inf", "-.INF");
        return words;
    }

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex YamlStyleFloat();

    [GeneratedRegex(@"^\.[0-9]+([eE][-+]?[0-9]+)?$")]
    private static partial Regex LeadingDotFloat();

    [GeneratedRegex(@"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")]
    private static partial Regex Base60Float();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(([Tt][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\.[0-9]+)?(Z|[-+][0-9]{2}:[0-9]{2}))|( [0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\.[0-9]+)?))?$")]
    private static partial Regex Timestamp();
}
