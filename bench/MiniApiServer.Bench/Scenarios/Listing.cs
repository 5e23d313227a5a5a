using System.Text.Json;
using MiniApiServer.Bench.Load;

namespace MiniApiServer.Bench.Scenarios;

/// <summary>An object as a LIST shows it: enough to check what the bench wrote.</summary>
internal sealed record ListedObject(string Name, string ResourceVersion, string? Seq);

/// <summary>Reads back what the server stores, to verify a scenario's answers against it.</summary>
internal static class Listing
{
    private const int PageSize = 5000;

    /// <summary>Every object of a collection, through limit/continue pages.</summary>
    public static async Task<Dictionary<string, ListedObject>> AllAsync(LoadClient client, string collection, CancellationToken ct)
    {
        var objects = new Dictionary<string, ListedObject>(StringComparer.Ordinal);
        string? token = null;
        do
        {
            var path = $"{collection}?limit={PageSize}" + (token is null ? "" : $"&continue={Uri.EscapeDataString(token)}");
            var reply = UnexpectedAnswerException.Expect(await client.GetAsync(path, ct), 200, $"LIST {collection}");
            using var doc = JsonDocument.Parse(reply.Body);
            foreach (var item in doc.RootElement.GetProperty("items").EnumerateArray())
            {
                var meta = item.GetProperty("metadata");
                var seq = meta.TryGetProperty("labels", out var labels) && labels.TryGetProperty("bench-seq", out var s) ? s.GetString() : null;
                var name = meta.GetProperty("name").GetString()!;
                objects[name] = new ListedObject(name, meta.GetProperty("resourceVersion").GetString()!, seq);
            }
            token = doc.RootElement.GetProperty("metadata").TryGetProperty("continue", out var c) && c.GetString() is { Length: > 0 } next ? next : null;
        }
        while (token is not null);
        return objects;
    }

    /// <summary>How many objects a LIST would return, from one item plus <c>remainingItemCount</c>.</summary>
    public static async Task<long> CountAsync(LoadClient client, string collection, CancellationToken ct)
    {
        var reply = UnexpectedAnswerException.Expect(await client.GetAsync($"{collection}?limit=1", ct), 200, $"LIST {collection}");
        using var doc = JsonDocument.Parse(reply.Body);
        var items = doc.RootElement.GetProperty("items").GetArrayLength();
        var meta = doc.RootElement.GetProperty("metadata");
        return items + (meta.TryGetProperty("remainingItemCount", out var remaining) ? remaining.GetInt64() : 0);
    }

    public static int CountItems(byte[] listBody)
    {
        using var doc = JsonDocument.Parse(listBody);
        return doc.RootElement.GetProperty("items").GetArrayLength();
    }

    /// <summary>
    /// A LIST body's length without its own resourceVersion's value (the first one in the body: the list's metadata
    /// comes before its items), found by a byte search rather than a parse, as the list may be megabytes.
    /// </summary>
    public static int LengthWithoutListVersion(byte[] listBody)
    {
        var key = "\"resourceVersion\":\""u8;
        var at = listBody.AsSpan().IndexOf(key);
        if (at < 0)
        {
            return listBody.Length;
        }
        var value = listBody.AsSpan(at + key.Length);
        var end = value.IndexOf((byte)'"');
        return end < 0 ? listBody.Length : listBody.Length - end;
    }

    public static string ResourceVersionOf(byte[] objectBody)
    {
        using var doc = JsonDocument.Parse(objectBody);
        return doc.RootElement.GetProperty("metadata").GetProperty("resourceVersion").GetString()!;
    }
}
