using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using k8s.Models;
using MiniApiServer.Machinery;

namespace MiniApiServer.Api.Codec;

/// <summary>
/// Go's encoding/json decodes a JSON <c>null</c> inside a list or a map into the element's zero value: an empty
/// struct for <c>"ports":[null]</c>, an empty string for <c>"labels":{"a":null}</c>. The k8s.Models types would hold
/// a null there instead, which neither validation nor storage expects; this rewrites those nulls before decoding,
/// so the object is the one kube-apiserver would see. A null quantity is zero (resource.Quantity UnmarshalJSON);
/// other values with their own converter (IntOrString, times) are left alone.
/// </summary>
internal static class GoZeroValues
{
    public static void Fill(JsonNode node, Type modelType, JsonSerializerOptions options) =>
        Walk(node, options.GetTypeInfo(modelType), options);

    private static void Walk(JsonNode node, JsonTypeInfo info, JsonSerializerOptions options)
    {
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Object when node is JsonObject map:
                foreach (var (name, value) in map)
                {
                    if (value is not null && WireProperties.Find(info, name) is { } property)
                    {
                        Walk(value, options.GetTypeInfo(property.PropertyType), options);
                    }
                }
                break;
            case JsonTypeInfoKind.Enumerable when node is JsonArray list && info.ElementType is { } elementType:
                var elementInfo = options.GetTypeInfo(elementType);
                for (var i = 0; i < list.Count; i++)
                {
                    if (list[i] is { } item)
                    {
                        Walk(item, elementInfo, options);
                    }
                    else if (Zero(elementInfo) is { } zero)
                    {
                        list[i] = zero;
                    }
                }
                break;
            case var _ when node is JsonObject entries && MapValueType(info) is { } valueType:
                var valueInfo = options.GetTypeInfo(valueType);
                foreach (var key in entries.Select(e => e.Key).ToList())
                {
                    if (entries[key] is { } value)
                    {
                        Walk(value, valueInfo, options);
                    }
                    else if (Zero(valueInfo) is { } zero)
                    {
                        entries[key] = zero;
                    }
                }
                break;
        }
    }

    private static JsonNode? Zero(JsonTypeInfo info) =>
        info.Kind == JsonTypeInfoKind.Object ? new JsonObject()
        : info.Type == typeof(string) ? JsonValue.Create("")
        : info.Type == typeof(ResourceQuantity) ? JsonValue.Create("0")
        : null;

    /// <summary>The value type when <paramref name="info"/> is a map (also one written by <see cref="SortedMapConverterFactory"/>).</summary>
    private static Type? MapValueType(JsonTypeInfo info) =>
        info.Kind == JsonTypeInfoKind.Dictionary ? info.ElementType : SortedMapConverterFactory.ValueTypeOf(info.Type);
}
