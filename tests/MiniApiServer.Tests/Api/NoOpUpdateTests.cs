using System.Text.Json.Nodes;

namespace MiniApiServer.Tests.Api;

public sealed class NoOpUpdateTests
{
    [Fact]
    public async Task Put_with_the_same_labels_in_another_order_writes_nothing()
    {
        await using var server = ApiServer.Start();
        var created = await HttpAssert.Json(await server.PostAsync("/api/v1/namespaces/default/services",
            """{"metadata":{"name":"web","labels":{"b":"2","a":"1"}},"spec":{"ports":[{"port":80}]}}"""), 201);
        var reordered = (JsonObject)created.DeepClone();
        reordered["metadata"]!["labels"] = new JsonObject { ["a"] = "1", ["b"] = "2" };
        var updated = await HttpAssert.Json(await server.PutAsync("/api/v1/namespaces/default/services/web", reordered.ToJsonString()), 200);
        Assert.Equal((string?)created["metadata"]!["resourceVersion"], (string?)updated["metadata"]!["resourceVersion"]);
    }
}
