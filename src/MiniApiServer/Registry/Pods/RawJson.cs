using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Registry.Pods;

/// <summary>Looks up a value of the raw request JSON by a field-error path such as <c>spec.containers[0].livenessProbe.httpGet.port</c>.</summary>
internal static class RawJson
{
    public static bool IsString(JsonObject? raw, string path) =>
        Find(raw, path)?.GetValueKind() == JsonValueKind.String;

    private static JsonNode? Find(JsonNode? node, string path)
    {
        foreach (var segment in path.Split('.'))
        {
            var bracket = segment.IndexOf('[', StringComparison.Ordinal);
            node = node is JsonObject obj ? obj[bracket < 0 ? segment : segment[..bracket]] : null;
            if (bracket >= 0)
            {
                var index = int.Parse(segment.AsSpan(bracket + 1, segment.Length - bracket - 2), System.Globalization.CultureInfo.InvariantCulture);
                node = node is JsonArray array && index < array.Count ? array[index] : null;
            }
        }
        return node;
    }
}
