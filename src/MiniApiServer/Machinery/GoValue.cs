using System.Collections;
using System.Globalization;
using System.Text;

namespace MiniApiServer.Machinery;

/// <summary>A value already written in Go syntax (e.g. <c>core.ServicePort{...}</c>), printed as is.</summary>
internal sealed record GoLiteral(string Text)
{
    public override string ToString() => Text;
}

/// <summary>
/// Formats values the way kube-apiserver's messages print them (Go's <c>%q</c> for strings, bare numbers and
/// bools, <c>null</c> for nil, <c>[]string{"a", "b"}</c> for string slices).
/// </summary>
internal static class GoValue
{
    public static string Format(object? value) => value switch
    {
        null => "null",
        GoLiteral l => l.Text,
        string s => Quote(s),
        bool b => b ? "true" : "false",
        int or long or short or byte or uint or ulong => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IEnumerable<string> list => "[]string{" + string.Join(", ", list.Select(Quote)) + "}",
        IEnumerable e => "[]interface {}{" + string.Join(", ", e.Cast<object?>().Select(Format)) + "}",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "null",
    };

    /// <summary>Go's <c>strconv.Quote</c> for the characters that matter in API values.</summary>
    public static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        foreach (var rune in s.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\a': sb.Append("\\a"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\v': sb.Append("\\v"); break;
                default:
                    if (rune.Value < 0x20 || rune.Value == 0x7f)
                    {
                        sb.Append("\\x").Append(rune.Value.ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(rune.ToString());
                    }
                    break;
            }
        }
        return sb.Append('"').ToString();
    }
}
