using System.Globalization;
using System.Text;
using MiniApiServer.Machinery;

namespace MiniApiServer.Selectors;

/// <summary>The operators of a label requirement (apimachinery pkg/selection/operator.go).</summary>
internal enum LabelOperator
{
    Equals,
    DoubleEquals,
    NotEquals,
    In,
    NotIn,
    Exists,
    DoesNotExist,
    GreaterThan,
    LessThan,
}

/// <summary>
/// One term of a label selector: a key, an operator and its values
/// (apimachinery pkg/labels/selector.go <c>Requirement</c>).
/// </summary>
internal sealed class LabelRequirement
{
    private readonly string[] _values;

    private LabelRequirement(string key, LabelOperator op, string[] values)
    {
        Key = key;
        Operator = op;
        _values = values;
    }

    public string Key { get; }

    public LabelOperator Operator { get; }

    /// <summary>The values as given (the parser gives them sorted and de-duplicated).</summary>
    public IReadOnlyList<string> Values => _values;

    /// <summary>
    /// Upstream <c>NewRequirement</c>: validates the key, the number of values for the operator, integer values
    /// for Gt/Lt, and every value as a label value. Failures are reported together as Go's aggregate error text.
    /// Paths are printed as upstream builds them from a nil root: <c>key</c>, <c>values</c>, <c>values[i]</c>,
    /// <c>values[i][key]</c>.
    /// </summary>
    public static LabelRequirement Create(string key, LabelOperator op, IEnumerable<string> values)
    {
        var vals = values.ToArray();
        var errors = new List<FieldError>();
        if (KeyError(key, "key") is { } keyError)
        {
            errors.Add(keyError);
        }

        switch (op)
        {
            case LabelOperator.In or LabelOperator.NotIn when vals.Length == 0:
                errors.Add(FieldError.Invalid("values", vals, "for 'in', 'notin' operators, values set can't be empty"));
                break;
            case LabelOperator.Equals or LabelOperator.DoubleEquals or LabelOperator.NotEquals when vals.Length != 1:
                errors.Add(FieldError.Invalid("values", vals, "exact-match compatibility requires one single value"));
                break;
            case LabelOperator.Exists or LabelOperator.DoesNotExist when vals.Length != 0:
                errors.Add(FieldError.Invalid("values", vals, "values set must be empty for exists and does not exist"));
                break;
            case LabelOperator.GreaterThan or LabelOperator.LessThan:
                if (vals.Length != 1)
                {
                    errors.Add(FieldError.Invalid("values", vals, "for 'Gt', 'Lt' operators, exactly one value is required"));
                }
                for (var i = 0; i < vals.Length; i++)
                {
                    if (!TryParseGoInt64(vals[i], out _))
                    {
                        errors.Add(FieldError.Invalid($"values[{i}]", vals[i], "for 'Gt', 'Lt' operators, the value must be an integer"));
                    }
                }
                break;
        }

        for (var i = 0; i < vals.Length; i++)
        {
            var valueErrors = NameRules.LabelValue(vals[i]);
            if (valueErrors.Count != 0)
            {
                errors.Add(FieldError.Invalid($"values[{i}][{key}]", vals[i], string.Join("; ", valueErrors)));
            }
        }

        if (errors.Count != 0)
        {
            throw new SelectorParseException(AggregateText(errors));
        }
        return new LabelRequirement(key, op, vals);
    }

    /// <summary>A requirement from unvalidated input, as upstream <c>SelectorFromSet</c> builds them.</summary>
    internal static LabelRequirement Unchecked(string key, LabelOperator op, params string[] values) => new(key, op, values);

    /// <summary>Upstream <c>validateLabelKey</c>: all key problems joined by "; " in one Invalid error.</summary>
    internal static FieldError? KeyError(string key, string path)
    {
        var errs = NameRules.QualifiedName(key);
        return errs.Count == 0 ? null : FieldError.Invalid(path, key, string.Join("; ", errs));
    }

    /// <summary>
    /// <c>field.ErrorList.ToAggregate().Error()</c> (util/errors/errors.go): duplicates dropped, one error printed
    /// alone, several as <c>[a, b]</c>.
    /// </summary>
    private static string AggregateText(List<FieldError> errors)
    {
        var messages = errors.Select(e => e.ToString()).Distinct(StringComparer.Ordinal).ToList();
        return messages.Count == 1 ? messages[0] : "[" + string.Join(", ", messages) + "]";
    }

    /// <summary>Upstream <c>Requirement.Matches</c>.</summary>
    public bool Matches(IReadOnlyDictionary<string, string>? labels)
    {
        string? value = null;
        var exists = labels is not null && labels.TryGetValue(Key, out value);
        switch (Operator)
        {
            case LabelOperator.In or LabelOperator.Equals or LabelOperator.DoubleEquals:
                return exists && HasValue(value!);
            case LabelOperator.NotIn or LabelOperator.NotEquals:
                // Objects without the label match: "not equal to any of" holds vacuously.
                return !exists || !HasValue(value!);
            case LabelOperator.Exists:
                return exists;
            case LabelOperator.DoesNotExist:
                return !exists;
            default:
                // Gt/Lt: the label must exist and both sides must parse as int64; otherwise no match.
                if (!exists || _values.Length != 1 ||
                    !TryParseGoInt64(value!, out var actual) || !TryParseGoInt64(_values[0], out var bound))
                {
                    return false;
                }
                return Operator == LabelOperator.GreaterThan ? actual > bound : actual < bound;
        }
    }

    private bool HasValue(string value) => Array.IndexOf(_values, value) >= 0;

    /// <summary>Upstream <c>Requirement.String</c>; several values are printed sorted.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        if (Operator == LabelOperator.DoesNotExist)
        {
            sb.Append('!');
        }
        sb.Append(Key);
        switch (Operator)
        {
            case LabelOperator.Exists or LabelOperator.DoesNotExist:
                return sb.ToString();
            case LabelOperator.Equals: sb.Append('='); break;
            case LabelOperator.DoubleEquals: sb.Append("=="); break;
            case LabelOperator.NotEquals: sb.Append("!="); break;
            case LabelOperator.In: sb.Append(" in ("); break;
            case LabelOperator.NotIn: sb.Append(" notin ("); break;
            case LabelOperator.GreaterThan: sb.Append('>'); break;
            case LabelOperator.LessThan: sb.Append('<'); break;
        }
        sb.AppendJoin(',', _values.Order(StringComparer.Ordinal));
        if (Operator is LabelOperator.In or LabelOperator.NotIn)
        {
            sb.Append(')');
        }
        return sb.ToString();
    }

    /// <summary>Go's <c>strconv.ParseInt(s, 10, 64)</c>: optional sign, ASCII digits only, int64 range.</summary>
    private static bool TryParseGoInt64(string s, out long value) =>
        long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
}
