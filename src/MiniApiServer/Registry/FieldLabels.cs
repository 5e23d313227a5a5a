namespace MiniApiServer.Registry;

/// <summary>
/// Which field-selector keys a kind supports and how an unsupported one is reported
/// (pkg/apis/core/v1/conversion.go field label conversion funcs; endpoints have none and fall back to the
/// generic "is not a known field selector" text).
/// </summary>
internal sealed record FieldLabels(IReadOnlySet<string> Supported, IReadOnlyDictionary<string, string> Aliases, bool HasConversionFunc)
{
    public static FieldLabels Of(bool hasConversionFunc, params string[] supported) =>
        new(new HashSet<string>(supported, StringComparer.Ordinal), new Dictionary<string, string>(), hasConversionFunc);

    public FieldLabels WithAlias(string alias, string field) =>
        this with { Aliases = new Dictionary<string, string>(Aliases) { [alias] = field } };
}
