namespace MiniApiServer.Selectors;

/// <summary>Field selectors know only equality and inequality (<c>==</c> parses as <see cref="Equals"/>).</summary>
internal enum FieldOperator
{
    Equals,
    NotEquals,
}

/// <summary>
/// One term of a field selector: the field path as written (never unescaped or validated here) and the
/// unescaped value (apimachinery pkg/fields/selector.go <c>hasTerm</c> / <c>notHasTerm</c>).
/// </summary>
internal sealed record FieldRequirement(string Field, FieldOperator Operator, string Value)
{
    public bool Matches(IReadOnlyDictionary<string, string> fields)
    {
        // fields.Set.Get: a missing field reads as "".
        var actual = fields.TryGetValue(Field, out var v) ? v : "";
        return (actual == Value) == (Operator == FieldOperator.Equals);
    }

    /// <summary>Upstream term <c>String()</c>: "f=v" or "f!=v" with the value re-escaped.</summary>
    public override string ToString() =>
        Field + (Operator == FieldOperator.Equals ? "=" : "!=") + FieldSelector.EscapeValue(Value);
}
