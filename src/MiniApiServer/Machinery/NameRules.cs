using System.Text;
using System.Text.RegularExpressions;

namespace MiniApiServer.Machinery;

/// <summary>
/// The string-format checks of apimachinery's <c>pkg/util/validation/validation.go</c> (plus
/// <c>pkg/api/validation/path/name.go</c>), returning the detail messages exactly as upstream does; an empty
/// list means valid. The wording targets Kubernetes 1.34: DNS-1123 label errors on a name that is a valid
/// subdomain say <c>must not contain dots</c> (the newer variant; older servers repeated the regex message), and
/// lengths say <c>characters</c> although, like Go's <c>len</c>, they count UTF-8 bytes. 1.35 moved label keys to
/// <c>api/validate/content</c>, where a key with two or more '/' reads <c>a valid label key ...</c> rather than
/// <c>a qualified name ...</c>, and later sources say <c>bytes</c> for the name-part length.
/// </summary>
internal static class NameRules
{
    public const int Dns1123LabelMaxLength = 63;
    public const int Dns1123SubdomainMaxLength = 253;
    public const int Dns1035LabelMaxLength = 63;
    public const int QualifiedNameMaxLength = 63;
    public const int LabelValueMaxLength = 63;
    private const int PortNameMaxLength = 15;

    private const string Dns1123LabelFmt = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private const string Dns1123LabelErrMsg =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
    private const string Dns1123SubdomainFmt = Dns1123LabelFmt + "(\\." + Dns1123LabelFmt + ")*";
    private const string Dns1123SubdomainErrMsg =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
    private const string Dns1035LabelFmt = "[a-z]([-a-z0-9]*[a-z0-9])?";
    private const string Dns1035LabelErrMsg =
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
    private const string QualifiedNameCharFmt = "[A-Za-z0-9]";
    private const string QualifiedNameExtCharFmt = "[-A-Za-z0-9_.]";
    private const string QualifiedNameFmt = "(" + QualifiedNameCharFmt + QualifiedNameExtCharFmt + "*)?" + QualifiedNameCharFmt;
    private const string QualifiedNameErrMsg =
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    private const string LabelValueFmt = "(" + QualifiedNameFmt + ")?";
    private const string LabelValueErrMsg =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

    // Go's regexp `$` (without (?m)) is .NET's `\z`; `$` in .NET would also match before a final '\n'.
    private static readonly Regex Dns1123LabelRegex = Anchored(Dns1123LabelFmt);
    private static readonly Regex Dns1123SubdomainRegex = Anchored(Dns1123SubdomainFmt);
    private static readonly Regex Dns1035LabelRegex = Anchored(Dns1035LabelFmt);
    private static readonly Regex QualifiedNameRegex = Anchored(QualifiedNameFmt);
    private static readonly Regex LabelValueRegex = Anchored(LabelValueFmt);
    private static readonly Regex PortNameCharsetRegex = Anchored("[-a-z0-9]+");
    private static readonly Regex PortNameOneLetterRegex = new("[a-z]", RegexOptions.CultureInvariant);

    public static IReadOnlyList<string> Dns1123Label(string value)
    {
        var errs = new List<string>();
        if (ByteLength(value) > Dns1123LabelMaxLength)
        {
            errs.Add(MaxLenError(Dns1123LabelMaxLength));
        }
        if (!Dns1123LabelRegex.IsMatch(value))
        {
            // A valid subdomain that is not a valid label can only differ by its dots (length was checked above).
            errs.Add(Dns1123SubdomainRegex.IsMatch(value)
                ? "must not contain dots"
                : RegexError(Dns1123LabelErrMsg, Dns1123LabelFmt, "my-name", "123-abc"));
        }
        return errs;
    }

    public static IReadOnlyList<string> Dns1123Subdomain(string value)
    {
        var errs = new List<string>();
        if (ByteLength(value) > Dns1123SubdomainMaxLength)
        {
            errs.Add(MaxLenError(Dns1123SubdomainMaxLength));
        }
        if (!Dns1123SubdomainRegex.IsMatch(value))
        {
            errs.Add(RegexError(Dns1123SubdomainErrMsg, Dns1123SubdomainFmt, "example.com"));
        }
        return errs;
    }

    public static IReadOnlyList<string> Dns1035Label(string value)
    {
        var errs = new List<string>();
        if (ByteLength(value) > Dns1035LabelMaxLength)
        {
            errs.Add(MaxLenError(Dns1035LabelMaxLength));
        }
        if (!Dns1035LabelRegex.IsMatch(value))
        {
            errs.Add(RegexError(Dns1035LabelErrMsg, Dns1035LabelFmt, "my-name", "abc-123"));
        }
        return errs;
    }

    /// <summary>Upstream <c>IsQualifiedName</c>: label keys, annotation keys, finalizers.</summary>
    public static IReadOnlyList<string> QualifiedName(string value)
    {
        var errs = new List<string>();
        var parts = value.Split('/');
        string name;
        switch (parts.Length)
        {
            case 1:
                name = parts[0];
                break;
            case 2:
                var prefix = parts[0];
                name = parts[1];
                if (prefix.Length == 0)
                {
                    errs.Add("prefix part " + EmptyError);
                }
                else
                {
                    errs.AddRange(Dns1123Subdomain(prefix).Select(msg => "prefix part " + msg));
                }
                break;
            default:
                errs.Add("a qualified name " + RegexError(QualifiedNameErrMsg, QualifiedNameFmt, "MyName", "my.name", "123-abc") +
                         " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
                return errs;
        }

        if (name.Length == 0)
        {
            errs.Add("name part " + EmptyError);
        }
        else if (ByteLength(name) > QualifiedNameMaxLength)
        {
            errs.Add("name part " + MaxLenError(QualifiedNameMaxLength));
        }
        if (!QualifiedNameRegex.IsMatch(name))
        {
            errs.Add("name part " + RegexError(QualifiedNameErrMsg, QualifiedNameFmt, "MyName", "my.name", "123-abc"));
        }
        return errs;
    }

    /// <summary>Upstream <c>IsValidLabelValue</c>.</summary>
    public static IReadOnlyList<string> LabelValue(string value)
    {
        var errs = new List<string>();
        if (ByteLength(value) > LabelValueMaxLength)
        {
            errs.Add(MaxLenError(LabelValueMaxLength));
        }
        if (!LabelValueRegex.IsMatch(value))
        {
            errs.Add(RegexError(LabelValueErrMsg, LabelValueFmt, "MyValue", "my_value", "12345"));
        }
        return errs;
    }

    /// <summary>Upstream <c>IsValidPortName</c>: an IANA service name (RFC 6335), lower case only.</summary>
    public static IReadOnlyList<string> IanaSvcName(string port)
    {
        var errs = new List<string>();
        if (ByteLength(port) > PortNameMaxLength)
        {
            errs.Add(MaxLenError(PortNameMaxLength));
        }
        if (!PortNameCharsetRegex.IsMatch(port))
        {
            errs.Add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
        }
        if (!PortNameOneLetterRegex.IsMatch(port))
        {
            errs.Add("must contain at least one letter (a-z)");
        }
        if (port.Contains("--", StringComparison.Ordinal))
        {
            errs.Add("must not contain consecutive hyphens");
        }
        if (port.Length > 0 && (port[0] == '-' || port[^1] == '-'))
        {
            errs.Add("must not begin or end with a hyphen");
        }
        return errs;
    }

    /// <summary>Upstream <c>IsValidPortNum</c>.</summary>
    public static IReadOnlyList<string> ValidPortNumber(int port) =>
        port is >= 1 and <= 65535 ? [] : [InclusiveRangeError(1, 65535)];

    /// <summary>
    /// Upstream <c>path.ValidatePathSegmentName</c>: a name must be usable as one URL path segment. A prefix
    /// (generateName) is only checked for forbidden content, since a suffix follows it.
    /// </summary>
    public static IReadOnlyList<string> PathSegmentName(string name, bool prefix)
    {
        if (!prefix)
        {
            foreach (var illegal in (ReadOnlySpan<string>)[".", ".."])
            {
                if (name == illegal)
                {
                    return [$"may not be '{illegal}'"];
                }
            }
        }
        var errs = new List<string>();
        foreach (var illegal in (ReadOnlySpan<string>)["/", "%"])
        {
            if (name.Contains(illegal, StringComparison.Ordinal))
            {
                errs.Add($"may not contain '{illegal}'");
            }
        }
        return errs;
    }

    public static string MaxLenError(int length) => $"must be no more than {length} characters";

    public static string InclusiveRangeError(int lo, int hi) => $"must be between {lo} and {hi}, inclusive";

    public const string EmptyError = "must be non-empty";

    /// <summary>
    /// Upstream <c>RegexError</c>. Each example is followed by ", " and later ones are joined with " or ",
    /// which yields the famous double space: <c>(e.g. 'my-name',  or 'abc-123', regex used ...)</c>.
    /// </summary>
    public static string RegexError(string msg, string fmt, params string[] examples)
    {
        if (examples.Length == 0)
        {
            return msg + " (regex used for validation is '" + fmt + "')";
        }
        var sb = new StringBuilder(msg).Append(" (e.g. ");
        for (var i = 0; i < examples.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(" or ");
            }
            sb.Append('\'').Append(examples[i]).Append("', ");
        }
        return sb.Append("regex used for validation is '").Append(fmt).Append("')").ToString();
    }

    /// <summary>Go's <c>len(string)</c>: the UTF-8 byte count.</summary>
    public static int ByteLength(string value) => Encoding.UTF8.GetByteCount(value);

    private static Regex Anchored(string fmt) => new("^(?:" + fmt + @")\z", RegexOptions.CultureInvariant);
}
