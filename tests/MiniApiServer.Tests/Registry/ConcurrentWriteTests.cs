using System.Text.Json.Nodes;

namespace MiniApiServer.Tests.Registry;

/// <summary>
/// Writes racing on one object, as GuaranteedUpdate (staging/src/k8s.io/apiserver/pkg/storage/etcd3/store.go) treats
/// them: a write without a resourceVersion precondition is retried on the fresh object, one with a precondition is not.
/// </summary>
public sealed class ConcurrentWriteTests
{
    private const string Service = """{"metadata":{"name":"web"},"spec":{"ports":[{"port":80}]}}""";
    private const string Path = "/api/v1/namespaces/default/services/web";

    // Each lost race means another writer won, so 16 writers finish within the registry's 16 attempts.
    private const int Writers = 16;

    [Fact]
    public async Task Concurrent_merge_patches_without_resourceVersion_all_succeed()
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Json(await server.PostAsync("/api/v1/namespaces/default/services", Service), 201);

        var responses = await Task.WhenAll(Enumerable.Range(0, Writers).Select(i =>
            server.PatchAsync(Path, "{\"metadata\":{\"labels\":{\"l" + i + "\":\"v\"}}}")));

        Assert.All(responses, r => Assert.Equal(200, (int)r.StatusCode));
        var stored = await HttpAssert.Json(await server.GetAsync(Path), 200);
        Assert.Equal(Writers, stored["metadata"]!["labels"]!.AsObject().Count);
    }

    [Fact]
    public async Task Concurrent_puts_with_the_same_resourceVersion_let_exactly_one_through()
    {
        await using var server = ApiServer.Start();
        var created = await HttpAssert.Json(await server.PostAsync("/api/v1/namespaces/default/services", Service), 201);

        var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
        {
            var body = JsonNode.Parse(created.ToJsonString())!.AsObject();
            body["metadata"]!["labels"] = new JsonObject { ["writer"] = $"w{i}" };
            return server.PutAsync(Path, body.ToJsonString());
        }));

        Assert.Single(responses, r => (int)r.StatusCode == 200);
        Assert.All(responses.Where(r => (int)r.StatusCode != 200), r => Assert.Equal(409, (int)r.StatusCode));
    }
}
