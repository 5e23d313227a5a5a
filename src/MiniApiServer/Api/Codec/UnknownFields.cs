using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using MiniApiServer.Machinery;

namespace MiniApiServer.Api.Codec;

/// <summary>
/// The field problems kube-apiserver reports under <c>fieldValidation=Strict</c> (as 400 <c>strict decoding error: …</c>)
/// or <c>Warn</c> (as warnings). Upstream, sigs.k8s.io/json UnmarshalStrict (internal/golang/encoding/json/decode.go,
/// kubernetes_patch.go) collects them while decoding, and staging/src/k8s.io/apimachinery/pkg/runtime/serializer/json/json.go
/// wraps them in runtime.NewStrictDecodingError. Each is rendered <c>unknown field "spec.foo"</c> or
/// <c>duplicate field "metadata.name"</c>: the path joins struct fields and map keys with '.', list indexes as
/// <c>[i]</c>. Upstream also drops repeated messages and keeps at most 100; both lists here do the same.
/// </summary>
internal static class UnknownFields
{
    public const int MaxReported = 100;

    /// <summary>
    /// Paths, in document order, of the object fields in <paramref name="node"/> that <paramref name="modelType"/> does
    /// not declare under <paramref name="options"/>. Walks objects, lists and dictionaries of models; values whose
    /// type has its own converter (IntOrString, ResourceQuantity, dates), strings, numbers and JsonElement/object are
    /// leaves. Map keys are data, never unknown. The root's <c>apiVersion</c> and <c>kind</c> are always known.
    /// </summary>
    public static IReadOnlyList<string> Find(JsonNode node, Type modelType, JsonSerializerOptions options)
    {
        var found = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        Walk(node, options.GetTypeInfo(modelType), "", root: true, options, found, seen);
        return found;
    }

    /// <summary>
    /// Paths of repeated object keys, reported at each repeat (<c>metadata.name</c>, <c>spec.ports[0].port</c>).
    /// Unlike upstream, which checks only where it decodes into a struct or map, this also looks inside unknown
    /// fields; such a body already fails strict decoding for the unknown field itself.
    /// </summary>
    /// <exception cref="JsonException">Malformed JSON.</exception>
    public static IReadOnlyList<string> FindDuplicates(ReadOnlySpan<byte> utf8Json)
    {
        var found = new List<string>();
        var seenMessages = new HashSet<string>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = JsonBody.MaxDepth });
        var frames = new Stack<Frame>();
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    var frame = frames.Peek();
                    frame.Key = reader.GetString()!;
                    if (!frame.Keys!.Add(frame.Key) && found.Count < MaxReported)
                    {
                        var path = Join(frame.Path, frame.Key);
                        if (seenMessages.Add(path))
                        {
                            found.Add(path);
                        }
                    }
                    break;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    var childPath = frames.TryPeek(out var parent) ? parent.ChildPath() : "";
                    frames.Push(new Frame(childPath, reader.TokenType == JsonTokenType.StartObject));
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    frames.Pop();
                    break;
                default:
                    if (frames.TryPeek(out var list) && list.Keys is null)
                    {
                        list.Index++;
                    }
                    break;
            }
        }
        return found;
    }

    /// <inheritdoc cref="FindDuplicates(ReadOnlySpan{byte})"/>
    public static IReadOnlyList<string> FindDuplicates(string json) => FindDuplicates(Encoding.UTF8.GetBytes(json));

    private static void Walk(
        JsonNode node, JsonTypeInfo info, string path, bool root, JsonSerializerOptions options, List<string> found, HashSet<string> seen)
    {
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Object when node is JsonObject map:
                if (info.Properties.Any(p => p.IsExtensionData))
                {
                    return;
                }
                foreach (var (name, value) in map)
                {
                    var property = WireProperties.Find(info, name);
                    if (property is null)
                    {
                        if (!(root && name is "apiVersion" or "kind"))
                        {
                            Report(Join(path, name), found, seen);
                        }
                        continue;
                    }
                    if (value is not null)
                    {
                        Walk(value, options.GetTypeInfo(property.PropertyType), Join(path, name), root: false, options, found, seen);
                    }
                }
                break;
            case JsonTypeInfoKind.Enumerable when node is JsonArray list && info.ElementType is { } elementType:
                var elementInfo = options.GetTypeInfo(elementType);
                for (var i = 0; i < list.Count; i++)
                {
                    if (list[i] is { } item)
                    {
                        Walk(item, elementInfo, path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]", root: false, options, found, seen);
                    }
                }
                break;
            case var _ when node is JsonObject entries && MapValueType(info) is { } valueType:
                var valueInfo = options.GetTypeInfo(valueType);
                foreach (var (key, value) in entries)
                {
                    if (value is not null)
                    {
                        Walk(value, valueInfo, Join(path, key), root: false, options, found, seen);
                    }
                }
                break;
        }
    }

    private static void Report(string path, List<string> found, HashSet<string> seen)
    {
        if (found.Count < MaxReported && seen.Add(path))
        {
            found.Add(path);
        }
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

    private sealed class Frame(string path, bool isObject)
    {
        public string Path { get; } = path;

        /// <summary>Keys seen so far; null for a list.</summary>
        public HashSet<string>? Keys { get; } = isObject ? new HashSet<string>(StringComparer.Ordinal) : null;

        public string Key { get; set; } = "";

        public int Index { get; set; }

        public string ChildPath()
        {
            if (Keys is not null)
            {
                return Join(Path, Key);
            }
            var child = Path + "[" + Index.ToString(CultureInfo.InvariantCulture) + "]";
            Index++;
            return child;
        }
    }

    /// <summary>The value type when <paramref name="info"/> is a map (also one written by <see cref="SortedMapConverterFactory"/>).</summary>
    private static Type? MapValueType(JsonTypeInfo info) =>
        info.Kind == JsonTypeInfoKind.Dictionary ? info.ElementType : SortedMapConverterFactory.ValueTypeOf(info.Type);
}
