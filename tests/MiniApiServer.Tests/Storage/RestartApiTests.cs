using static MiniApiServer.Tests.Registry.KindApi;

namespace MiniApiServer.Tests.Storage;

/// <summary>Persistence seen over HTTP: a server started again on the same data directory finds everything.</summary>
public sealed class RestartApiTests
{
    [Fact]
    public async Task Objects_survive_a_restart_and_resource_versions_keep_growing()
    {
        var dir = Path.Combine(Path.GetTempPath(), "miniapiserver-tests", Guid.NewGuid().ToString("N"));
        try
        {
            var before = new Dictionary<string, string>();
            long lastRv;
            await using (var first = ApiServer.Start(dataDirectory: dir))
            {
                await HttpAssert.Json(await first.PostAsync("/api/v1/namespaces", """{"metadata":{"name":"team-a"}}"""), 201);
                await HttpAssert.Json(await first.PostAsync("/api/v1/namespaces/team-a/services",
                    """{"metadata":{"name":"my-service"},"spec":{"ports":[{"port":80,"targetPort":9376}]}}"""), 201);
                await HttpAssert.Json(await first.PostAsync("/api/v1/namespaces/team-a/endpoints",
                    """{"metadata":{"name":"my-service"},"subsets":[{"addresses":[{"ip":"192.0.2.42"}],"ports":[{"port":9376}]}]}"""), 201);
                await HttpAssert.Json(await first.PostAsync("/api/v1/namespaces/team-a/pods",
                    """{"metadata":{"name":"p"},"spec":{"nodeName":"node-1","containers":[{"name":"app","image":"nginx"}]}}"""), 201);
                await HttpAssert.Json(await first.PatchAsync("/api/v1/namespaces/team-a/pods/p/status", """{"status":{"phase":"Running","podIP":"10.244.0.5"}}"""), 200);
                foreach (var path in Paths)
                {
                    before[path] = (await HttpAssert.Json(await first.GetAsync(path), 200)).ToJsonString();
                }
                lastRv = long.Parse(Str((await HttpAssert.Json(await first.GetAsync("/api/v1/pods"), 200))["metadata"]!["resourceVersion"])!,
                    System.Globalization.CultureInfo.InvariantCulture);
            }

            await using var second = ApiServer.Start(dataDirectory: dir);
            foreach (var path in Paths)
            {
                Assert.Equal(before[path], (await HttpAssert.Json(await second.GetAsync(path), 200)).ToJsonString());
            }
            var created = await HttpAssert.Json(await second.PostAsync("/api/v1/namespaces/team-a/services",
                """{"metadata":{"name":"web"},"spec":{"ports":[{"port":80}]}}"""), 201);
            var newRv = long.Parse(Str(created["metadata"]!["resourceVersion"])!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(newRv > lastRv, $"resourceVersion {newRv} after restart is not above {lastRv}");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static readonly string[] Paths =
    [
        "/api/v1/namespaces/team-a",
        "/api/v1/namespaces/team-a/services/my-service",
        "/api/v1/namespaces/team-a/endpoints/my-service",
        "/api/v1/namespaces/team-a/pods/p",
        "/api/v1/namespaces/default/services/kubernetes",
    ];
}
