namespace MiniApiServer.Registry;

/// <summary>
/// Which field-selector keys a kind supports and how an unsupported one is reported
/// (pkg/apis/core/v1/conversion.go field label conversion funcs; endpoints have none and fall back to the
/// generic "is not a known field selector" text). <see cref="Aliases"/> are further accepted keys, each converted to the
/// field the stored objects' attributes carry (a Pod's <c>spec.host</c> is <c>spec.nodeName</c>; an events.k8s.io
/// Event's <c>regarding.name</c> is the stored core Event's <c>involvedObject.name</c>).
/// </summary>
internal sealed record FieldLabels(IReadOnlySet<string> Supported, IReadOnlyDictionary<string, string> Aliases, bool HasConversionFunc)
{
    public static FieldLabels Of(bool hasConversionFunc, params string[] supported) =>
        new(new HashSet<string>(supported, StringComparer.Ordinal), new Dictionary<string, string>(), hasConversionFunc);

    public FieldLabels WithAlias(string alias, string field) =>
        this with { Aliases = new Dictionary<string, string>(Aliases) { [alias] = field } };

    /// <summary>The stored field a selector key names, or null when the kind does not support the key.</summary>
    public string? Convert(string label) =>
        Aliases.TryGetValue(label, out var field) ? field : Supported.Contains(label) ? label : null;
}
