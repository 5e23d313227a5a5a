namespace MiniApiServer.Machinery;

/// <summary>
/// The labels and selectable fields of a stored object (upstream: the strategy's GetAttrs), kept next to the
/// object's bytes so LIST and WATCH filter without decoding.
/// </summary>
internal sealed record ObjectAttributes(IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Fields)
{
    public static readonly IReadOnlyDictionary<string, string> NoLabels = CompactMap.Empty;
}
