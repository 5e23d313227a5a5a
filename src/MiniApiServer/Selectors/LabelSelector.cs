namespace MiniApiServer.Selectors;

/// <summary>
/// A parsed <c>labelSelector</c>: the AND of its requirements (apimachinery pkg/labels/selector.go
/// <c>internalSelector</c>). Immutable; the empty selector matches everything.
/// </summary>
internal sealed class LabelSelector
{
    private readonly LabelRequirement[] _requirements;

    private LabelSelector(LabelRequirement[] requirements)
    {
        _requirements = requirements;
    }

    public static LabelSelector Everything { get; } = new([]);

    /// <summary>Sorted by key like upstream's <c>sort.Sort(ByKey)</c>, which is stable for up to 12 requirements.</summary>
    public IReadOnlyList<LabelRequirement> Requirements => _requirements;

    public bool IsEmpty => _requirements.Length == 0;

    /// <summary>
    /// Upstream <c>labels.Parse</c>. Null, empty or blank text is <see cref="Everything"/>, where blank means the
    /// lexer's whitespace only (space, tab, CR, LF): any other character, "\v" included, is part of a key.
    /// Throws <see cref="SelectorParseException"/> with the upstream error text.
    /// </summary>
    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return Everything;
        }
        return FromRequirements(LabelSelectorParser.Parse(text));
    }

    /// <summary>
    /// Equality on every pair (upstream <c>SelectorFromSet</c>, as used for Service <c>spec.selector</c>):
    /// no validation, and an empty set selects everything.
    /// </summary>
    public static LabelSelector FromSet(IReadOnlyDictionary<string, string> set) =>
        set.Count == 0
            ? Everything
            : FromRequirements(set.Select(p => LabelRequirement.Unchecked(p.Key, LabelOperator.Equals, p.Value)));

    private static LabelSelector FromRequirements(IEnumerable<LabelRequirement> requirements) =>
        new(requirements.OrderBy(r => r.Key, StringComparer.Ordinal).ToArray());

    /// <summary>True when every requirement matches; null labels are treated as no labels.</summary>
    public bool Matches(IReadOnlyDictionary<string, string>? labels)
    {
        foreach (var requirement in _requirements)
        {
            if (!requirement.Matches(labels))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Upstream <c>String()</c>: requirements joined by ","; the empty selector is "".</summary>
    public override string ToString() => string.Join(",", _requirements.Select(r => r.ToString()));
}
