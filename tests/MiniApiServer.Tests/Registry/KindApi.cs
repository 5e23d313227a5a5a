using System.Text.Json.Nodes;

namespace MiniApiServer.Tests.Registry;

/// <summary>Assertions and waits shared by the per-kind HTTP tests.</summary>
internal static class KindApi
{
    /// <summary>A 422 Invalid Status: <c>Kind "name" is invalid: message</c>, with the Kind (not the plural) in its details.</summary>
    public static async Task<JsonObject> Invalid(HttpResponseMessage response, string kind, string name, string message)
    {
        var status = await HttpAssert.Status(response, 422, "Invalid", $"{kind} \"{name}\" is invalid: {message}");
        Assert.Equal(kind, (string?)status["details"]!["kind"]);
        Assert.Equal(name, (string?)status["details"]!["name"]);
        return status;
    }

    /// <summary>Polls until <paramref name="condition"/> holds, failing after <paramref name="timeout"/>.</summary>
    public static async Task Eventually(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out after {timeout.TotalSeconds} s waiting for {what}");
            await Task.Delay(100);
        }
    }

    /// <summary>The status code of a GET, for polling existence.</summary>
    public static async Task<int> StatusOf(ApiServer server, string path)
    {
        using var response = await server.GetAsync(path);
        return (int)response.StatusCode;
    }

    public static string? Str(JsonNode? node) => (string?)node;

    /// <summary>
    /// JSON equality where object member order does not count (Go sorts map keys, our serializer keeps insertion
    /// order; neither is meaningful) but array order does.
    /// </summary>
    public static void AssertJson(string expected, JsonNode? actual)
    {
        var want = JsonNode.Parse(expected);
        Assert.True(JsonNode.DeepEquals(want, actual), $"expected {want?.ToJsonString()}, got {actual?.ToJsonString()}");
    }
}
