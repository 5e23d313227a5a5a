namespace MiniApiServer.Api.Codec;

/// <summary>
/// What a string's characters allow when written in block context: libyaml's yaml_emitter_analyze_scalar
/// (gopkg.in/yaml.v2 emitterc.go) with unicode output on, as yaml.v2's encoder sets it.
/// </summary>
internal readonly record struct YamlScalarAnalysis(
    bool BlockPlainAllowed, bool SingleQuotedAllowed, bool BlockAllowed, bool UnicodeLineBreaks)
{
    public static YamlScalarAnalysis Of(string value)
    {
        var runes = value.EnumerateRunes().Select(r => r.Value).ToArray();
        if (runes.Length == 0)
        {
            return new YamlScalarAnalysis(BlockPlainAllowed: true, SingleQuotedAllowed: true, BlockAllowed: false, UnicodeLineBreaks: false);
        }
        var blockIndicators = value.StartsWith("---", StringComparison.Ordinal) || value.StartsWith("...", StringComparison.Ordinal);
        bool leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false;
        bool breakSpace = false, spaceBreak = false, previousSpace = false, previousBreak = false;
        bool lineBreaks = false, special = false, unicodeBreaks = false;
        var precededByWhitespace = true;
        for (var i = 0; i < runes.Length; i++)
        {
            var c = runes[i];
            var last = i == runes.Length - 1;
            var followedByWhitespace = last || runes[i + 1] is ' ' or '\t';
            if (i == 0)
            {
                blockIndicators |= c switch
                {
                    '#' or ',' or '[' or ']' or '{' or '}' or '&' or '*' or '!' or '|' or '>' or '\'' or '"' or '%' or '@' or '`' => true,
                    '?' or ':' or '-' => followedByWhitespace,
                    _ => false,
                };
            }
            else
            {
                blockIndicators |= c switch
                {
                    ':' => followedByWhitespace,
                    '#' => precededByWhitespace,
                    _ => false,
                };
            }
            special |= !IsPrintable(c);
            unicodeBreaks |= c is 0x2028 or 0x2029;
            if (c == ' ')
            {
                leadingSpace |= i == 0;
                trailingSpace |= last;
                breakSpace |= previousBreak;
                previousSpace = true;
                previousBreak = false;
            }
            else if (IsBreak(c))
            {
                lineBreaks = true;
                leadingBreak |= i == 0;
                trailingBreak |= last;
                spaceBreak |= previousSpace;
                previousSpace = false;
                previousBreak = true;
            }
            else
            {
                previousSpace = false;
                previousBreak = false;
            }
            precededByWhitespace = c is ' ' or '\t' || IsBreak(c);
        }
        var blockPlain = !(leadingSpace || leadingBreak || trailingSpace || trailingBreak || breakSpace || spaceBreak
            || special || lineBreaks || blockIndicators);
        var singleQuoted = !(breakSpace || spaceBreak || special);
        var block = !(trailingSpace || spaceBreak || special);
        return new YamlScalarAnalysis(blockPlain, singleQuoted, block, unicodeBreaks);
    }

    /// <summary>libyaml is_printable, by code point: what may appear unescaped.</summary>
    public static bool IsPrintable(int c) =>
        c == 0x0A || c is >= 0x20 and <= 0x7E || c is >= 0xA0 and <= 0xD7FF || (c is >= 0xE000 and <= 0xFFFD && c != 0xFEFF);

    public static bool IsBreak(int c) => c is '\r' or '\n' or 0x85 or 0x2028 or 0x2029;
}
