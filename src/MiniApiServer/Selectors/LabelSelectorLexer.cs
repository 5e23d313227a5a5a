namespace MiniApiServer.Selectors;

/// <summary>Tokens of the label selector grammar (upstream <c>Token</c>).</summary>
internal enum LabelToken
{
    EndOfString,
    ClosedPar,
    Comma,
    DoesNotExist,
    DoubleEquals,
    EqualsSign,
    GreaterThan,
    Identifier,
    In,
    LessThan,
    NotEquals,
    NotIn,
    OpenPar,
}

internal readonly record struct ScannedItem(LabelToken Token, string Literal);

/// <summary>
/// Upstream <c>Lexer</c> (apimachinery pkg/labels/selector.go), char for byte. Every special symbol and
/// whitespace is ASCII, so scanning UTF-16 chars splits a string exactly where Go splits its UTF-8 bytes.
/// Like Go's <c>read()</c>, a NUL character reads as "no more input": it silently ends the token being
/// scanned, and where a token would start it ends the whole input.
/// </summary>
internal sealed class LabelSelectorLexer(string input)
{
    private int _pos;

    /// <summary>Upstream <c>string2token</c>: literal tokens (identifiers, end of string excluded).</summary>
    private static readonly Dictionary<string, LabelToken> Literals = new(StringComparer.Ordinal)
    {
        [")"] = LabelToken.ClosedPar,
        [","] = LabelToken.Comma,
        ["!"] = LabelToken.DoesNotExist,
        ["=="] = LabelToken.DoubleEquals,
        ["="] = LabelToken.EqualsSign,
        [">"] = LabelToken.GreaterThan,
        ["in"] = LabelToken.In,
        ["<"] = LabelToken.LessThan,
        ["!="] = LabelToken.NotEquals,
        ["notin"] = LabelToken.NotIn,
        ["("] = LabelToken.OpenPar,
    };

    /// <summary>All tokens up to and including <see cref="LabelToken.EndOfString"/> (upstream <c>Parser.scan</c>).</summary>
    public List<ScannedItem> ScanAll()
    {
        var items = new List<ScannedItem>();
        ScannedItem item;
        do
        {
            item = Lex();
            items.Add(item);
        }
        while (item.Token != LabelToken.EndOfString);
        return items;
    }

    private ScannedItem Lex()
    {
        var ch = Read();
        while (IsWhitespace(ch))
        {
            ch = Read();
        }
        if (ch == '\0')
        {
            return new ScannedItem(LabelToken.EndOfString, "");
        }
        _pos--;
        return IsSpecialSymbol(ch) ? ScanSpecialSymbol() : ScanIdOrKeyword();
    }

    private char Read() => _pos < input.Length ? input[_pos++] : '\0';

    private ScannedItem ScanIdOrKeyword()
    {
        var start = _pos;
        var end = _pos;
        while (true)
        {
            var ch = Read();
            if (ch == '\0')
            {
                break;
            }
            if (IsSpecialSymbol(ch) || IsWhitespace(ch))
            {
                _pos--;
                break;
            }
            end = _pos;
        }
        var s = input[start..end];
        return Literals.TryGetValue(s, out var token) ? new ScannedItem(token, s) : new ScannedItem(LabelToken.Identifier, s);
    }

    /// <summary>
    /// Longest run of special symbols that still forms a token ("!=", "==", …). Upstream also has an error
    /// token for a run that forms none, but every single special symbol is a token, so it cannot occur.
    /// </summary>
    private ScannedItem ScanSpecialSymbol()
    {
        var start = _pos;
        ScannedItem last = default;
        while (true)
        {
            var ch = Read();
            if (ch == '\0')
            {
                break;
            }
            if (!IsSpecialSymbol(ch))
            {
                _pos--;
                break;
            }
            var buffer = input[start.._pos];
            if (Literals.TryGetValue(buffer, out var token))
            {
                last = new ScannedItem(token, buffer);
            }
            else
            {
                _pos--;
                break;
            }
        }
        return last;
    }

    private static bool IsWhitespace(char ch) => ch is ' ' or '\t' or '\r' or '\n';

    private static bool IsSpecialSymbol(char ch) => ch is '=' or '!' or '(' or ')' or ',' or '>' or '<';
}
