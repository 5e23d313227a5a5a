using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace MiniApiServer.Api.Codec;

/// <summary>
/// Gives JSON nulls inside lists and maps the meaning Go's decoder gives them: a null element of a list of structs
/// is the zero struct (<c>{}</c>), a null string element or map value is <c>""</c>. Without this the decoded
/// model would hold null entries that no Kubernetes object can have, and strategies would meet them.
/// </summary>
internal static class GoNulls
{
    public static void Normalize(JsonNode node, Type modelType, JsonSerializerOptions options) =>
        Walk(node, options.GetTypeInfo(modelType), options);

    private static void Walk(JsonNode node, JsonTypeInfo info, JsonSerializerOptions options)
    {
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Object when node is JsonObject obj:
                foreach (var property in info.Properties)
                {
                    if (obj[property.Name] is { } value)
                    {
                        Walk(value, options.GetTypeInfo(property.PropertyType), options);
                    }
                }
                break;
            case JsonTypeInfoKind.Enumerable when node is JsonArray list && info.ElementType is { } elementType:
                var elementInfo = options.GetTypeInfo(elementType);
                for (var i = 0; i < list.Count; i++)
                {
                    list[i] ??= ZeroValue(elementInfo);
                    if (list[i] is { } item)
                    {
                        Walk(item, elementInfo, options);
                    }
                }
                break;
            case JsonTypeInfoKind.Dictionary when node is JsonObject map && info.ElementType is { } valueType:
                var valueInfo = options.GetTypeInfo(valueType);
                foreach (var key in map.Select(p => p.Key).ToList())
                {
                    map[key] ??= ZeroValue(valueInfo);
                    if (map[key] is { } value)
                    {
                        Walk(value, valueInfo, options);
                    }
                }
                break;
        }
    }

    private static JsonNode? ZeroValue(JsonTypeInfo info) => info.Kind switch
    {
        JsonTypeInfoKind.Object => new JsonObject(),
        _ when info.Type == typeof(string) => JsonValue.Create(""),
        _ => null,
    };
}
