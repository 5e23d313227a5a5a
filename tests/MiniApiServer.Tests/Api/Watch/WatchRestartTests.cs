using System.Text.Json.Nodes;

namespace MiniApiServer.Tests.Api.Watch;

/// <summary>Beyond kube-apiserver: a watcher that reconnects after a server restart resumes from its last version.</summary>
public sealed class WatchRestartTests
{
    private const string Services = "/api/v1/namespaces/default/services";

    private static string Svc(string name) => "{\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{\"ports\":[{\"port\":80}]}}";

    [Fact]
    public async Task A_watch_resumes_across_a_restart_from_its_last_resourceVersion_without_a_relist()
    {
        var dir = Path.Combine(Path.GetTempPath(), "miniapiserver-tests", Guid.NewGuid().ToString("N"));
        string resumeFrom;
        await using (var first = ApiServer.Start(dir))
        {
            var web = await HttpAssert.Json(await first.PostAsync(Services, Svc("web")), 201);
            resumeFrom = (string)web["metadata"]!["resourceVersion"]!;
            await HttpAssert.Json(await first.PostAsync(Services, Svc("api")), 201);
            await HttpAssert.Json(await first.DeleteAsync(Services + "/web"), 200);
        }
        await using var second = ApiServer.Start(dir);
        await HttpAssert.Json(await second.PostAsync(Services, Svc("db")), 201);
        using var response = await second.Client.GetAsync($"{Services}?watch=true&resourceVersion={resumeFrom}&timeoutSeconds=1",
            HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(200, (int)response.StatusCode);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(
            ["ADDED api", "DELETED web", "ADDED db"],
            lines.Select(e => $"{(string)e["type"]!} {(string)e["object"]!["metadata"]!["name"]!}"));
        var versions = lines.Select(e => long.Parse((string)e["object"]!["metadata"]!["resourceVersion"]!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(versions.Order(), versions);
        Assert.True(versions[0] > long.Parse(resumeFrom, System.Globalization.CultureInfo.InvariantCulture));
        Directory.Delete(dir, recursive: true);
    }
}
