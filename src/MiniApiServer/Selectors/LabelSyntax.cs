using System.Text;
using System.Text.RegularExpressions;

namespace MiniApiServer.Selectors;

/// <summary>
/// The label key and value checks selectors use, with their messages, from
/// apimachinery pkg/util/validation/validation.go (<c>IsQualifiedName</c>, <c>IsValidLabelValue</c>,
/// <c>IsDNS1123Subdomain</c>, <c>RegexError</c>, <c>MaxLenError</c>, <c>EmptyError</c>) as of 1.33–1.35.
/// Lengths are Go <c>len()</c>, i.e. UTF-8 bytes. Go's regexps are anchored with <c>^…$</c>, which in RE2
/// never matches before a trailing newline, hence <c>\A…\z</c> here.
/// </summary>
/// <remarks>
/// 1.36 moves these to pkg/api/validate/content, where the too-many-slashes message starts
/// "a valid label key" instead of "a qualified name" and lengths read "bytes" instead of "characters".
/// </remarks>
internal static partial class LabelSyntax
{
    private const string QualifiedNameFmt = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private const string QualifiedNameErrMsg =
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    private const int QualifiedNameMaxLength = 63;

    private const string LabelValueFmt = "(" + QualifiedNameFmt + ")?";
    private const string LabelValueErrMsg =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    private const int LabelValueMaxLength = 63;

    private const string Dns1123LabelFmt = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private const string Dns1123SubdomainFmt = Dns1123LabelFmt + "(\\." + Dns1123LabelFmt + ")*";
    private const string Dns1123SubdomainErrMsg =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
    private const int Dns1123SubdomainMaxLength = 253;

    /// <summary>validation.IsQualifiedName: the rules for a label key.</summary>
    public static List<string> QualifiedNameErrors(string value)
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
                    errs.AddRange(Dns1123SubdomainErrors(prefix).Select(m => "prefix part " + m));
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
        else if (Encoding.UTF8.GetByteCount(name) > QualifiedNameMaxLength)
        {
            errs.Add("name part " + MaxLenError(QualifiedNameMaxLength));
        }
        if (!QualifiedName().IsMatch(name))
        {
            errs.Add("name part " + RegexError(QualifiedNameErrMsg, QualifiedNameFmt, "MyName", "my.name", "123-abc"));
        }
        return errs;
    }

    /// <summary>validation.IsValidLabelValue.</summary>
    public static List<string> LabelValueErrors(string value)
    {
        var errs = new List<string>();
        if (Encoding.UTF8.GetByteCount(value) > LabelValueMaxLength)
        {
            errs.Add(MaxLenError(LabelValueMaxLength));
        }
        if (!LabelValue().IsMatch(value))
        {
            errs.Add(RegexError(LabelValueErrMsg, LabelValueFmt, "MyValue", "my_value", "12345"));
        }
        return errs;
    }

    private static List<string> Dns1123SubdomainErrors(string value)
    {
        var errs = new List<string>();
        if (Encoding.UTF8.GetByteCount(value) > Dns1123SubdomainMaxLength)
        {
            errs.Add(MaxLenError(Dns1123SubdomainMaxLength));
        }
        if (!Dns1123Subdomain().IsMatch(value))
        {
            errs.Add(RegexError(Dns1123SubdomainErrMsg, Dns1123SubdomainFmt, "example.com"));
        }
        return errs;
    }

    private const string EmptyError = "must be non-empty";

    private static string MaxLenError(int length) => $"must be no more than {length} characters";

    /// <summary>Reproduces upstream's double space before "or" (<c>'MyName',  or 'my.name'</c>).</summary>
    private static string RegexError(string msg, string fmt, params string[] examples)
    {
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

    [GeneratedRegex(@"\A" + QualifiedNameFmt + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex QualifiedName();

    [GeneratedRegex(@"\A" + LabelValueFmt + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex LabelValue();

    [GeneratedRegex(@"\A" + Dns1123SubdomainFmt + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex Dns1123Subdomain();
}
