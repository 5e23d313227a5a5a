using System.Text;

namespace MiniApiServer.Selectors;

/// <summary>
/// A parsed <c>fieldSelector</c>: the AND of equality/inequality terms (apimachinery pkg/fields/selector.go).
/// Field names are not checked here; which fields a resource supports is the caller's business
/// (<see cref="Select"/> is the hook for renaming and rejecting them).
/// </summary>
internal sealed class FieldSelector
{
    private readonly FieldRequirement[] _requirements;

    private FieldSelector(FieldRequirement[] requirements)
    {
        _requirements = requirements;
    }

    public static FieldSelector Everything { get; } = new([]);

    /// <summary>In the order of the sorted raw terms, as upstream parses them.</summary>
    public IReadOnlyList<FieldRequirement> Requirements => _requirements;

    public bool IsEmpty => _requirements.Length == 0;

    /// <summary>Upstream <c>OneTermEqualSelector</c>, e.g. <c>metadata.name=x</c> for a watch of one object.</summary>
    public static FieldSelector OneTermEquals(string field, string value) =>
        new([new FieldRequirement(field, FieldOperator.Equals, value)]);

    /// <summary>
    /// Upstream <c>fields.ParseSelector</c>: terms split on unescaped commas and sorted (byte order), empty terms
    /// skipped, each split at the first <c>!=</c>, <c>==</c> or <c>=</c>; the value is unescaped, the field is not.
    /// Null or "" is <see cref="Everything"/>; unlike label selectors, blanks are a term and fail.
    /// </summary>
    public static FieldSelector Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return Everything;
        }
        var parts = SplitTerms(text);
        parts.Sort(GoStringOrder.Instance);
        var items = new List<FieldRequirement>();
        foreach (var part in parts)
        {
            if (part.Length == 0)
            {
                continue;
            }
            if (!TrySplitTerm(part, out var lhs, out var op, out var rhs))
            {
                throw new SelectorParseException($"invalid selector: '{text}'; can't understand '{part}'");
            }
            items.Add(new FieldRequirement(lhs, op, UnescapeValue(rhs)));
        }
        // ParseSelector runs the identity Transform, which still drops terms whose field and value are both "".
        return new FieldSelector(items.ToArray()).Select(r => r);
    }

    public bool Matches(IReadOnlyDictionary<string, string> fields)
    {
        foreach (var requirement in _requirements)
        {
            if (!requirement.Matches(fields))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// Upstream <c>Transform</c>: maps every term (e.g. a legacy field alias to its canonical name); a term mapped
    /// to an empty field and an empty value is dropped. Exceptions from <paramref name="map"/> propagate.
    /// </summary>
    public FieldSelector Select(Func<FieldRequirement, FieldRequirement> map)
    {
        var next = _requirements.Select(map).Where(r => r.Field.Length != 0 || r.Value.Length != 0).ToArray();
        return next.Length == 0 ? Everything : new FieldSelector(next);
    }

    /// <summary>
    /// Upstream <c>RequiresExactMatch</c>: the value of the first <c>field=value</c> term for
    /// <paramref name="field"/>, or null. A <c>!=</c> term never counts.
    /// </summary>
    public string? RequiresExactMatch(string field) =>
        _requirements.FirstOrDefault(r => r.Operator == FieldOperator.Equals && r.Field == field)?.Value;

    /// <summary>Upstream <c>String()</c>: terms joined by ",", values escaped; <c>==</c> prints as <c>=</c>.</summary>
    public override string ToString() => string.Join(",", _requirements.Select(r => r.ToString()));

    /// <summary>Upstream <c>EscapeValue</c>: prefixes <c>\</c>, <c>,</c> and <c>=</c> with a backslash.</summary>
    public static string EscapeValue(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal)
             .Replace(",", "\\,", StringComparison.Ordinal)
             .Replace("=", "\\=", StringComparison.Ordinal);

    /// <summary>Upstream <c>splitTerms</c>: commas split unless backslash-escaped; the backslash stays in the term.</summary>
    private static List<string> SplitTerms(string selector)
    {
        var terms = new List<string>();
        var start = 0;
        var inSlash = false;
        for (var i = 0; i < selector.Length; i++)
        {
            var c = selector[i];
            if (inSlash)
            {
                inSlash = false;
            }
            else if (c == '\\')
            {
                inSlash = true;
            }
            else if (c == ',')
            {
                terms.Add(selector[start..i]);
                start = i + 1;
            }
        }
        terms.Add(selector[start..]);
        return terms;
    }

    /// <summary>
    /// Upstream <c>splitTerm</c>: at the first position where "!=", "==" or "=" starts (tried in that order),
    /// so <c>a==b</c> is a=b and <c>a=!=b</c> is a="!=b" (which then fails to unescape).
    /// </summary>
    private static bool TrySplitTerm(string term, out string lhs, out FieldOperator op, out string rhs)
    {
        for (var i = 0; i < term.Length; i++)
        {
            var remaining = term.AsSpan(i);
            var opLength = remaining.StartsWith("!=") ? 2 : remaining.StartsWith("==") ? 2 : remaining.StartsWith("=") ? 1 : 0;
            if (opLength != 0)
            {
                lhs = term[..i];
                op = term[i] == '!' ? FieldOperator.NotEquals : FieldOperator.Equals;
                rhs = term[(i + opLength)..];
                return true;
            }
        }
        lhs = rhs = "";
        op = default;
        return false;
    }

    /// <summary>
    /// Upstream <c>UnescapeValue</c>. Its error texts are kept verbatim, including the unescaped character
    /// printed as a Go rune with <c>%v</c>, i.e. its code point number (<c>unescaped character in value: 61</c> for "=").
    /// </summary>
    private static string UnescapeValue(string s)
    {
        if (s.AsSpan().IndexOfAny('\\', ',', '=') < 0)
        {
            return s;
        }
        var sb = new StringBuilder(s.Length);
        var inSlash = false;
        foreach (var rune in s.EnumerateRunes())
        {
            if (inSlash)
            {
                if (rune.Value is not ('\\' or ',' or '='))
                {
                    throw new SelectorParseException("invalid field selector: invalid escape sequence: \\" + rune);
                }
                sb.Append(rune.ToString());
                inSlash = false;
                continue;
            }
            switch (rune.Value)
            {
                case '\\':
                    inSlash = true;
                    break;
                case ',' or '=':
                    throw new SelectorParseException($"invalid field selector: unescaped character in value: {rune.Value}");
                default:
                    sb.Append(rune.ToString());
                    break;
            }
        }
        if (inSlash)
        {
            throw new SelectorParseException("invalid field selector: invalid escape sequence: \\");
        }
        return sb.ToString();
    }
}
