using System.Text.Json;
using System.Text.Json.Serialization;

namespace MiniApiServer.Machinery;

/// <summary>
/// Writes string-keyed maps (labels, annotations, selectors, resource lists) with their keys in byte order, as
/// Go's encoding/json does. Besides matching kube-apiserver's bytes, this makes serialization canonical: the
/// same object always gives the same bytes, which is how a no-op update is recognised and not written.
/// </summary>
internal sealed class SortedMapConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => ValueTypeOf(typeToConvert) is not null;

    /// <summary>
    /// The value type of a string-keyed map type this converter handles, else null. Walkers over JSON use it:
    /// with a custom converter, such a type's JsonTypeInfo no longer says it is a dictionary.
    /// </summary>
    public static Type? ValueTypeOf(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IDictionary<,>) && type.GetGenericArguments()[0] == typeof(string)
            ? type.GetGenericArguments()[1]
            : null;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(SortedMapConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[1]))!;

    private sealed class SortedMapConverter<TValue> : JsonConverter<IDictionary<string, TValue>>
    {
        public override IDictionary<string, TValue>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            JsonSerializer.Deserialize<Dictionary<string, TValue>>(ref reader, options);

        public override void Write(Utf8JsonWriter writer, IDictionary<string, TValue> value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            foreach (var (key, item) in value.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                writer.WritePropertyName(key);
                JsonSerializer.Serialize(writer, item, options);
            }
            writer.WriteEndObject();
        }
    }
}
