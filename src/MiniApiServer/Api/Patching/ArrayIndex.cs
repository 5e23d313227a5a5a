using System.Text;

namespace MiniApiServer.Api.Patching;

/// <summary>An array index read with Go's <c>strconv.Atoi</c>, with evanphx's and strconv's messages.</summary>
internal static class ArrayIndex
{
    public static string Invalid(long index) => $"Unable to access invalid index: {index}: invalid index referenced";

    // Optional sign, then decimal digits; leading zeros are fine. Overflow is reported as soon as it happens.
    public static string? Parse(string key, out long index)
    {
        index = 0;
        var negative = key.StartsWith('-');
        var start = key.StartsWith('+') || negative ? 1 : 0;
        if (start == key.Length)
        {
            return Failure(key, "invalid syntax");
        }

        var limit = negative ? (ulong)long.MaxValue + 1 : long.MaxValue;
        ulong magnitude = 0;
        foreach (var c in key.AsSpan(start))
        {
            if (c is < '0' or > '9')
            {
                return Failure(key, "invalid syntax");
            }

            if (magnitude > (limit - (ulong)(c - '0')) / 10)
            {
                return Failure(key, "value out of range");
            }

            magnitude = magnitude * 10 + (ulong)(c - '0');
        }

        index = negative ? (long)(0 - magnitude) : (long)magnitude;
        return null;
    }

    private static string Failure(string key, string reason) => $"strconv.Atoi: parsing {GoQuote(key)}: {reason}";

    // Go's strconv.Quote for what can appear in a JSON pointer token.
    private static string GoQuote(string text)
    {
        var quoted = new StringBuilder("\"", text.Length + 2);
        foreach (var c in text)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\a' => "\\a",
                '\b' => "\\b",
                '\f' => "\\f",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\v' => "\\v",
                < ' ' or '\x7f' => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }

        return quoted.Append('"').ToString();
    }
}
