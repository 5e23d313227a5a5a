using MiniApiServer.Machinery;
using MiniApiServer.Selectors;

namespace MiniApiServer.Registry;

/// <summary>
/// The label and field selectors of a list or watch, parsed and with the kind's field labels applied (the storage
/// SelectionPredicate): malformed selectors and fields the kind does not support are 400s.
/// </summary>
internal sealed class Selection
{
    private readonly LabelSelector _labels;
    private readonly FieldSelector _fields;

    private Selection(LabelSelector labels, FieldSelector fields)
    {
        _labels = labels;
        _fields = fields;
    }

    public bool IsEverything => _labels.IsEmpty && _fields.IsEmpty;

    /// <summary>The filter storage applies, or null when everything is selected (which lets a page count what follows it).</summary>
    public Func<ObjectAttributes, bool>? Filter => IsEverything ? null : Matches;

    public static Selection Parse(string? labelSelector, string? fieldSelector, FieldLabels fieldLabels)
    {
        try
        {
            return new Selection(LabelSelector.Parse(labelSelector), Convert(FieldSelector.Parse(fieldSelector), fieldLabels));
        }
        catch (SelectorParseException e)
        {
            throw ApiException.BadRequest(e.Message);
        }
    }

    public bool Matches(ObjectAttributes attributes) => _labels.Matches(attributes.Labels) && _fields.Matches(attributes.Fields);

    /// <summary>Field labels a kind does not support are 400s, in the two wordings upstream has.</summary>
    private static FieldSelector Convert(FieldSelector fields, FieldLabels labels) => fields.Select(r =>
    {
        if (labels.Convert(r.Field) is { } field)
        {
            return r with { Field = field };
        }
        throw ApiException.BadRequest(labels.HasConversionFunc
            ? $"field label not supported: {r.Field}"
            : $"\"{r.Field}\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"");
    });
}
