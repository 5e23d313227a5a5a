using System.Collections.Concurrent;
using System.Text.Json.Serialization.Metadata;

namespace MiniApiServer.Api.Codec;

/// <summary>
/// The wire properties of a model type by JSON name, built once per type: the body walkers look every member of
/// every request up here, and a linear scan of JsonTypeInfo.Properties per member was a measurable part of a create.
/// Names are case-sensitive, as the Kubernetes JSON options (and Go's decoder for exact matches) are.
/// </summary>
internal static class WireProperties
{
    private static readonly ConcurrentDictionary<JsonTypeInfo, IReadOnlyDictionary<string, JsonPropertyInfo>> ByType = new();

    public static JsonPropertyInfo? Find(JsonTypeInfo info, string name) =>
        ByType.GetOrAdd(info, static i => i.Properties.GroupBy(p => p.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal))
            .GetValueOrDefault(name);
}
