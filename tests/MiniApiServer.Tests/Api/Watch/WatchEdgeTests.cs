using static MiniApiServer.Tests.Api.ApiTestKit;

namespace MiniApiServer.Tests.Api.Watch;

public sealed class WatchEdgeTests
{
    private const string Services = "/api/v1/namespaces/default/services";

    private static string Svc(string name) => "{\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{\"ports\":[{\"port\":80}]}}";

    [Fact]
    public async Task A_version_ahead_of_the_server_gets_only_the_changes_after_it_once_the_store_reaches_it()
    {
        await using var server = ApiServer.Start();
        var ahead = server.Revision() + 3;
        await using var watch = await WatchStream.OpenAsync(server, $"{Services}?watch=true&resourceVersion={ahead}&timeoutSeconds=30");
        for (var i = 0; i < 5; i++)
        {
            await HttpAssert.Json(await server.PostAsync(Services, Svc("s" + i)), 201);
        }
        var events = await watch.TakeAsync(2);
        Assert.Equal(["s3", "s4"], events.Select(e => e.Name()));
        Assert.All(events, e => Assert.True(e.EventRv() > ahead));
    }

    [Theory]
    [InlineData("application/yaml")]
    [InlineData("application/yaml, application/json;q=0.9")]
    public async Task YAML_is_no_watch_format_406(string accept)
    {
        // NegotiateOutputMediaTypeStream: the best match must stream; a JSON fallback after YAML does not help.
        await using var server = ApiServer.Start();
        var response = await server.SendAsync(HttpMethod.Get, $"{Services}?watch=true", null, "application/json", accept);
        // The Status itself is in YAML, the format asked for (as upstream writes errors in the negotiated format).
        Assert.Equal(406, (int)response.StatusCode);
        Assert.Equal("application/yaml", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("reason: NotAcceptable", body, StringComparison.Ordinal);
        Assert.Contains("message: 'only the following media types are accepted: application/json;stream=watch'", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_shutdown_ends_open_watches_cleanly()
    {
        var server = ApiServer.Start();
        var watch = await WatchStream.OpenAsync(server, $"{Services}?watch=true");
        Assert.Equal("kubernetes", (await watch.ExpectAsync()).Name());
        var stopping = server.DisposeAsync().AsTask();
        // The stream ends (end of response), it is not left hanging; disposing the server completes too.
        Assert.Null(await watch.NextAsync(TimeSpan.FromSeconds(20)));
        await stopping.WaitAsync(TimeSpan.FromSeconds(20));
        await watch.DisposeAsync();
    }
}
