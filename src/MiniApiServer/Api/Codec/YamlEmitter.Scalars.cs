using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Api.Codec;

/// <summary>Scalars: how each string is written (plain, single- or double-quoted, literal block), as yaml.v2 chooses.</summary>
internal sealed partial class YamlEmitter
{
    private static string Number(string text)
    {
        var scalar = YamlScalars.Resolve(text);
        return scalar.Kind switch
        {
            YamlScalarKind.Int => scalar.Int.ToString(CultureInfo.InvariantCulture),
            YamlScalarKind.UInt => scalar.UInt.ToString(CultureInfo.InvariantCulture),
            YamlScalarKind.Float => YamlScalars.FormatGoFloat(scalar.Float),
            _ => text,
        };
    }

    private void String(string s, int indent, bool simpleKey)
    {
        // encode.go stringv: the requested style; emitterc.go select_scalar_style: what the text allows.
        var canUsePlain = YamlScalars.Resolve(s).Kind == YamlScalarKind.String && !YamlScalars.IsBase60Float(s)
            // Written plain, "<<" would read back as a merge key.
            && s != "<<";
        var style = s.Contains('\n', StringComparison.Ordinal) ? Style.Literal : canUsePlain ? Style.Plain : Style.DoubleQuoted;
        var analysis = YamlScalarAnalysis.Of(s);
        if (style == Style.Plain && (!analysis.BlockPlainAllowed || (s.Length == 0 && simpleKey)))
        {
            style = Style.SingleQuoted;
        }
        // YamlDotNet (our reader) misreads a plain key holding " *" when another key follows; libyaml does not.
        // Keys with spaces never pass Kubernetes validation, so quoting them costs no fidelity that matters.
        if (style == Style.Plain && simpleKey && s.Contains(" *", StringComparison.Ordinal))
        {
            style = Style.SingleQuoted;
        }
        if (style == Style.SingleQuoted && !analysis.SingleQuotedAllowed)
        {
            style = Style.DoubleQuoted;
        }
        if (style == Style.Literal && (!analysis.BlockAllowed || simpleKey))
        {
            style = Style.DoubleQuoted;
        }
        // U+2028/U+2029 are line breaks to a YAML reader; only the escaped form keeps them (libyaml would not).
        if (analysis.UnicodeLineBreaks && style != Style.DoubleQuoted)
        {
            style = Style.DoubleQuoted;
        }
        var allowBreaks = !simpleKey;
        switch (style)
        {
            case Style.Plain:
                Plain(s, indent, allowBreaks);
                break;
            case Style.SingleQuoted:
                SingleQuoted(s, indent, allowBreaks);
                break;
            case Style.Literal:
                Literal(s, indent);
                break;
            default:
                DoubleQuoted(s, indent, allowBreaks);
                break;
        }
    }

    private void Plain(string s, int indent, bool allowBreaks)
    {
        var runes = s.EnumerateRunes().ToArray();
        var spaces = false;
        for (var i = 0; i < runes.Length; i++)
        {
            if (runes[i].Value == ' ')
            {
                if (allowBreaks && !spaces && _column > BestWidth && !(i + 1 < runes.Length && runes[i + 1].Value == ' '))
                {
                    Indent(indent);
                }
                else
                {
                    Append(runes[i]);
                }
                spaces = true;
            }
            else
            {
                Append(runes[i]);
                spaces = false;
            }
        }
    }

    private void SingleQuoted(string s, int indent, bool allowBreaks)
    {
        var runes = s.EnumerateRunes().ToArray();
        Append("'");
        var spaces = false;
        for (var i = 0; i < runes.Length; i++)
        {
            if (runes[i].Value == ' ')
            {
                if (allowBreaks && !spaces && _column > BestWidth && i != 0 && i != runes.Length - 1 && runes[i + 1].Value != ' ')
                {
                    Indent(indent);
                }
                else
                {
                    Append(runes[i]);
                }
                spaces = true;
            }
            else
            {
                if (runes[i].Value == '\'')
                {
                    Append("'");
                }
                Append(runes[i]);
                spaces = false;
            }
        }
        Append("'");
    }

    private void DoubleQuoted(string s, int indent, bool allowBreaks)
    {
        var runes = s.EnumerateRunes().ToArray();
        Append("\"");
        var spaces = false;
        for (var i = 0; i < runes.Length; i++)
        {
            var c = runes[i].Value;
            if (!YamlScalarAnalysis.IsPrintable(c) || YamlScalarAnalysis.IsBreak(c) || c is '"' or '\\')
            {
                Append(Escape(c));
                spaces = false;
            }
            else if (c == ' ')
            {
                if (allowBreaks && !spaces && _column > BestWidth && i != 0 && i != runes.Length - 1)
                {
                    Indent(indent);
                    if (runes[i + 1].Value == ' ')
                    {
                        Append("\\");
                    }
                }
                else
                {
                    Append(runes[i]);
                }
                spaces = true;
            }
            else
            {
                Append(runes[i]);
                spaces = false;
            }
        }
        Append("\"");
    }

    private static string Escape(int c) => c switch
    {
        0x00 => "\\0",
        0x07 => "\\a",
        0x08 => "\\b",
        0x09 => "\\t",
        0x0A => "\\n",
        0x0B => "\\v",
        0x0C => "\\f",
        0x0D => "\\r",
        0x1B => "\\e",
        '"' => "\\\"",
        '\\' => "\\\\",
        0x85 => "\\N",
        0xA0 => "\\_",
        0x2028 => "\\L",
        0x2029 => "\\P",
        <= 0xFF => $"\\x{c:X2}",
        <= 0xFFFF => $"\\u{c:X4}",
        _ => $"\\U{c:X8}",
    };

    private void Literal(string s, int indent)
    {
        Append("|");
        // write_block_scalar_hints: an indentation digit when the text starts with a space or a break, then chomping.
        if (s[0] is ' ' or '\n')
        {
            Append(IndentStep.ToString(CultureInfo.InvariantCulture));
        }
        _openEnded = false;
        if (!s.EndsWith('\n'))
        {
            Append("-");
        }
        else if (s.Length == 1 || s[^2] == '\n')
        {
            Append("+");
            _openEnded = true;
        }
        Break();
        var lineStart = true;
        foreach (var rune in s.EnumerateRunes())
        {
            if (rune.Value == '\n')
            {
                Break();
                lineStart = true;
                continue;
            }
            if (lineStart)
            {
                Append(new string(' ', indent));
                lineStart = false;
            }
            Append(rune);
        }
    }

    /// <summary>Starts a new line (unless at the start of one) indented to <paramref name="indent"/>.</summary>
}
