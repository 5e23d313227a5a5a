using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Machinery;

namespace MiniApiServer.Registry.Pods;

/// <summary>
/// Pod specs compared as their wire JSON, the stand-in for upstream's apiequality.Semantic.DeepEqual. Empty
/// lists are dropped first because Go's semantic equality treats a nil and an empty slice as equal, while the
/// client library writes <c>[]</c> for an empty list.
/// </summary>
internal static class PodSpecJson
{
    public static JsonObject Of(V1PodSpec? spec)
    {
        var node = JsonSerializer.SerializeToNode(spec ?? new V1PodSpec(), KubernetesJsonOptions.Default) as JsonObject ?? [];
        DropEmptyLists(node);
        return node;
    }

    public static bool SpecEquals(V1PodSpec? a, V1PodSpec? b) => JsonNode.DeepEquals(Of(a), Of(b));

    /// <summary>
    /// A short stand-in for the go-cmp diff upstream appends to its "pod updates may not change" message: one
    /// <c>-</c>/<c>+</c> pair per top-level spec field that differs, values as compact JSON.
    /// </summary>
    public static string Diff(JsonObject old, JsonObject current)
    {
        var sb = new StringBuilder("  core.PodSpec{\n");
        foreach (var name in old.Select(p => p.Key).Union(current.Select(p => p.Key)).Order(StringComparer.Ordinal))
        {
            var before = old[name];
            var after = current[name];
            if (JsonNode.DeepEquals(before, after))
            {
                continue;
            }
            if (before is not null)
            {
                sb.Append("- \t").Append(name).Append(": ").Append(before.ToJsonString()).Append(",\n");
            }
            if (after is not null)
            {
                sb.Append("+ \t").Append(name).Append(": ").Append(after.ToJsonString()).Append(",\n");
            }
        }
        return sb.Append("  }\n").ToString();
    }

    private static void DropEmptyLists(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Where(p => p.Value is JsonArray { Count: 0 }).Select(p => p.Key).ToList())
                {
                    obj.Remove(key);
                }
                foreach (var (_, child) in obj)
                {
                    DropEmptyLists(child);
                }
                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    DropEmptyLists(child);
                }
                break;
        }
    }
}
