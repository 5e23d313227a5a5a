using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Api.Codec;

/// <summary>Reads a JSON request body into a <see cref="JsonNode"/> tree the way Go's encoding/json would.</summary>
internal static class JsonBody
{
    /// <summary>Deeper than any Kubernetes object; Go's decoder allows 10000, System.Text.Json defaults to 64.</summary>
    public const int MaxDepth = 1000;

    /// <summary>
    /// Parses <paramref name="utf8"/>; a repeated key keeps its last value, as in Go. <c>JsonNode.Parse</c> cannot be used:
    /// in .NET 10 it accepts duplicate keys and then throws <see cref="ArgumentException"/> ("An item with the same key
    /// has already been added") on first access to the object. Returns null for the literal <c>null</c>.
    /// Numbers in the tree stay views into the parsed document (exact text, no copy per number), so the document is
    /// deliberately not disposed and the tree references <paramref name="utf8"/>: never pass a pooled buffer.
    /// </summary>
    /// <exception cref="JsonException">Malformed JSON (no tokens, trailing data, bad syntax, too deep).</exception>
    public static JsonNode? ParseJson(ReadOnlyMemory<byte> utf8)
    {
        var document = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = MaxDepth });
        return Convert(document.RootElement);
    }

    /// <summary>An escaped lone surrogate (<c>"\ud800"</c>) has no UTF-8 form; it is malformed input, not our failure.</summary>
    private static string StringOf(JsonElement element)
    {
        try
        {
            return element.GetString()!;
        }
        catch (InvalidOperationException e)
        {
            throw new JsonException("invalid string: " + e.Message, e);
        }
    }

    private static JsonNode? Convert(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var map = new JsonObject();
                foreach (var property in element.EnumerateObject())
                {
                    map[property.Name] = Convert(property.Value);
                }
                return map;
            case JsonValueKind.Array:
                var list = new JsonArray();
                foreach (var item in element.EnumerateArray())
                {
                    list.Add(Convert(item));
                }
                return list;
            case JsonValueKind.String:
                return JsonValue.Create(StringOf(element));
            case JsonValueKind.True:
                return JsonValue.Create(true);
            case JsonValueKind.False:
                return JsonValue.Create(false);
            case JsonValueKind.Number:
                // The element keeps the number's exact text (1.0 stays 1.0, big integers stay exact).
                return JsonValue.Create(element);
            default:
                return null;
        }
    }
}
