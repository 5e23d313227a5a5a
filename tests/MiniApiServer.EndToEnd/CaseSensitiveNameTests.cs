using System.Net;
using k8s;
using k8s.Autorest;

namespace MiniApiServer.EndToEnd;

/// <summary>
/// Names are case-sensitive keys end to end (LiteDB's default collation folds case, dotnet-stack.md §4), whatever
/// the process's globalization mode, and a data directory written in one mode opens in the other. Kubernetes
/// names of these kinds are lower case by validation (DNS-1035 labels for Services), so <c>WEB</c> can never be
/// stored beside <c>web</c>: what a case-folding store would get wrong is that <c>WEB</c> finds <c>web</c>.
/// </summary>
public sealed class CaseSensitiveNameTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Web_and_WEB_are_different_names_also_across_a_restart_in_the_other_globalization_mode(bool invariant)
    {
        using var data = new TempDirectory();
        await using (var server = await ServerProcess.StartAsync(data.Path, environment: Globalization(invariant)))
        {
            await AssertCaseSensitiveAsync(server, create: true);
            Assert.Equal(0, await server.StopAsync());
        }
        await using var again = await ServerProcess.StartAsync(data.Path, environment: Globalization(!invariant));
        await AssertCaseSensitiveAsync(again, create: false);
    }

    private static async Task AssertCaseSensitiveAsync(ServerProcess server, bool create)
    {
        using var client = Client.For(server);
        if (create)
        {
            await client.CoreV1.CreateNamespacedServiceAsync(ClientBlackBoxTests.Service("web", "frontend"), "default");
        }
        Assert.Equal("web", (await client.CoreV1.ReadNamespacedServiceAsync("web", "default")).Metadata.Name);

        var upper = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ReadNamespacedServiceAsync("WEB", "default"));
        Assert.Equal("services \"WEB\" not found", Client.StatusOf(upper).Message);
        var upperNamespace = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ReadNamespacedServiceAsync("web", "DEFAULT"));
        Assert.Equal(HttpStatusCode.NotFound, upperNamespace.Response.StatusCode);

        // The create of WEB is judged by validation, not by a duplicate key: 422, never 409 AlreadyExists.
        var invalid = await Assert.ThrowsAsync<HttpOperationException>(() =>
            client.CoreV1.CreateNamespacedServiceAsync(ClientBlackBoxTests.Service("WEB", "frontend"), "default"));
        Assert.Equal(("Invalid", 422), (Client.StatusOf(invalid).Reason, Client.StatusOf(invalid).Code));
        var inUpperNamespace = await Assert.ThrowsAsync<HttpOperationException>(() =>
            client.CoreV1.CreateNamespacedServiceAsync(ClientBlackBoxTests.Service("web", "frontend"), "DEFAULT"));
        Assert.Equal("namespaces \"DEFAULT\" not found", Client.StatusOf(inUpperNamespace).Message);
    }

    private static Dictionary<string, string> Globalization(bool invariant) =>
        new() { ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = invariant ? "1" : "0" };
}
