using System.Text.Json.Nodes;
using MiniApiServer.Tests.Api.Watch;

namespace MiniApiServer.Tests.Api.Tables;

/// <summary>
/// <c>as=PartialObjectMetadata</c> and <c>as=PartialObjectMetadataList</c>, v1 and v1beta1, as kube-apiserver negotiates
/// them (handlers/response.go asPartialObjectMetadata, asPartialObjectMetadataList): the wrong one for the verb is a 406
/// naming the internal Go type, as %T prints it.
/// </summary>
public sealed class PartialObjectMetadataApiTests
{
    private static Task<HttpResponseMessage> GetAsync(ApiServer server, string path, string accept) =>
        server.SendAsync(HttpMethod.Get, path, null, "application/json", accept);

    [Theory]
    [InlineData("v1")]
    [InlineData("v1beta1")]
    public async Task Getting_an_object_as_partial_metadata_gives_its_metadata_alone(string version)
    {
        await using var server = ApiServer.Start();
        var created = await server.CreateAsync(ApiTestKit.Services, Manifests.Service("web", """{"app":"web"}"""));
        var partial = await HttpAssert.Json(await GetAsync(server, ApiTestKit.Services + "/web",
            $"application/json;as=PartialObjectMetadata;v={version};g=meta.k8s.io"), 200);
        Assert.Equal(["kind", "apiVersion", "metadata"], partial.Select(p => p.Key));
        Assert.Equal("PartialObjectMetadata", (string)partial["kind"]!);
        Assert.Equal("meta.k8s.io/" + version, (string)partial["apiVersion"]!);
        Assert.True(JsonNode.DeepEquals(created["metadata"], partial["metadata"]));
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v1beta1")]
    public async Task Listing_as_a_partial_metadata_list_pages_like_the_list(string version)
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(ApiTestKit.Services, Manifests.Service("web"));
        var list = await HttpAssert.Json(await GetAsync(server, ApiTestKit.Services + "?limit=1",
            $"application/json;as=PartialObjectMetadataList;v={version};g=meta.k8s.io"), 200);
        Assert.Equal("PartialObjectMetadataList", (string)list["kind"]!);
        Assert.Equal("meta.k8s.io/" + version, (string)list["apiVersion"]!);
        Assert.NotNull(list["metadata"]!["continue"]);
        Assert.Equal(1, (long)list["metadata"]!["remainingItemCount"]!);
        var item = list["items"]!.AsArray().Single()!;
        Assert.Equal("PartialObjectMetadata", (string)item["kind"]!);
        Assert.Equal("meta.k8s.io/" + version, (string)item["apiVersion"]!);
        Assert.Equal("kubernetes", (string)item["metadata"]!["name"]!);
        Assert.Null(item["spec"]);
    }

    [Fact]
    public async Task A_list_asked_for_as_one_partial_object_is_406()
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Status(await GetAsync(server, ApiTestKit.Services, TableKit.Partial), 406, "NotAcceptable",
            "you requested PartialObjectMetadata, but the requested object is a list (*core.ServiceList)");
        await HttpAssert.Status(await GetAsync(server, "/apis/coordination.k8s.io/v1/leases", TableKit.Partial), 406, "NotAcceptable",
            "you requested PartialObjectMetadata, but the requested object is a list (*coordination.LeaseList)");
    }

    [Fact]
    public async Task An_object_asked_for_as_a_partial_list_is_406()
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Status(await GetAsync(server, ApiTestKit.Services + "/kubernetes", TableKit.PartialList), 406, "NotAcceptable",
            "you requested PartialObjectMetadataList, but the requested object is not a list (*core.Service)");
    }

    [Fact]
    public async Task A_plain_json_fallback_is_not_taken_when_the_conversion_is_servable_but_wrong_for_the_verb()
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Status(await GetAsync(server, ApiTestKit.Services, TableKit.Partial + ", application/json"), 406, "NotAcceptable");
    }

    [Fact]
    public async Task A_watch_as_partial_metadata_sends_each_objects_metadata()
    {
        await using var server = ApiServer.Start();
        await using var watch = await WatchStream.OpenAsync(server, $"{ApiTestKit.Services}?watch=true&resourceVersion={server.Revision()}", TableKit.Partial);
        await server.CreateAsync(ApiTestKit.Services, Manifests.Service("web"));
        var e = await watch.ExpectAsync();
        Assert.Equal("ADDED", (string)e["type"]!);
        Assert.Equal("PartialObjectMetadata", (string)e["object"]!["kind"]!);
        Assert.Equal("web", (string)e["object"]!["metadata"]!["name"]!);
        Assert.Null(e["object"]!["spec"]);
    }

    [Fact]
    public async Task A_watch_as_a_partial_list_sends_the_objects_as_upstream_falls_back_to()
    {
        await using var server = ApiServer.Start();
        await using var watch = await WatchStream.OpenAsync(server, $"{ApiTestKit.Services}?watch=true&resourceVersion={server.Revision()}", TableKit.PartialList);
        await server.CreateAsync(ApiTestKit.Services, Manifests.Service("web"));
        var e = await watch.ExpectAsync();
        Assert.Equal("Service", (string)e["object"]!["kind"]!);
    }

    [Theory]
    [InlineData("application/json;as=Foo;v=v1;g=meta.k8s.io")]
    [InlineData("application/json;as=Table;v=v2;g=meta.k8s.io")]
    [InlineData("application/json;as=Table;v=v1;g=example.com")]
    [InlineData("application/json;as=Table")]
    public async Task A_conversion_the_server_cannot_make_is_406_when_nothing_else_is_acceptable(string accept)
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Status(await GetAsync(server, ApiTestKit.Services, accept), 406, "NotAcceptable",
            "only the following media types are accepted: application/json, application/yaml");
    }
}
