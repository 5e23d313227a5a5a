using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MiniApiServer.Registry;

namespace MiniApiServer.Tests.Api.OpenApi;

/// <summary>
/// <c>/openapi/v3</c> as kube-openapi's handler3 serves it: the index of every served group version with hashed
/// URLs, one document per group version, ETag/Last-Modified validators, immutable caching by hash, the redirect from
/// an old hash, JSON only; and no <c>/openapi/v2</c>, so kubectl uses v3.
/// </summary>
public sealed class OpenApiV3Tests : IAsyncLifetime
{
    private ApiServer _server = null!;

    public Task InitializeAsync()
    {
        _server = ApiServer.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_index_lists_every_served_group_version_with_the_hash_of_its_document()
    {
        var index = await _server.GetJsonAsync("/openapi/v3");
        var catalog = _server.Services.GetRequiredService<ResourceCatalog>();
        var expected = catalog.All.Select(k => k.Descriptor.PathPrefix[1..]).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.Contains("api/v1", expected);
        Assert.Contains("apis/coordination.k8s.io/v1", expected);
        var paths = index["paths"]!.AsObject();
        Assert.Equal(expected, paths.Select(p => p.Key).ToList());
        foreach (var (gv, entry) in paths)
        {
            var url = (string)entry!["serverRelativeURL"]!;
            Assert.StartsWith($"/openapi/v3/{gv}?hash=", url, StringComparison.Ordinal);
            var response = await _server.GetAsync(url);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(url[(url.IndexOf('=', StringComparison.Ordinal) + 1)..], Convert.ToHexString(SHA512.HashData(bytes)));
            Assert.Equal("3.0.0", (string?)JsonNode.Parse(bytes)!["openapi"]);
        }
    }

    [Fact]
    public async Task A_document_asked_for_by_its_hash_is_immutable_and_revalidates_by_etag()
    {
        var url = await UrlOf("api/v1");
        var response = await _server.GetAsync(url);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("public, immutable", response.Headers.CacheControl!.ToString());
        Assert.True(response.Content.Headers.Expires > DateTimeOffset.UtcNow.AddDays(360));
        Assert.Contains("Accept", response.Headers.Vary);
        var etag = response.Headers.ETag!;
        Assert.Equal($"\"{url[(url.IndexOf('=', StringComparison.Ordinal) + 1)..]}\"", etag.Tag);
        Assert.NotNull(response.Content.Headers.LastModified);

        var again = new HttpRequestMessage(HttpMethod.Get, url);
        again.Headers.IfNoneMatch.Add(etag);
        var notModified = await _server.Client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());

        var since = new HttpRequestMessage(HttpMethod.Get, "/openapi/v3");
        since.Headers.IfModifiedSince = response.Content.Headers.LastModified;
        Assert.Equal(HttpStatusCode.NotModified, (await _server.Client.SendAsync(since)).StatusCode);
    }

    [Fact]
    public async Task Without_a_hash_there_is_an_etag_but_no_cache_lifetime()
    {
        var response = await _server.GetAsync("/openapi/v3/api/v1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(response.Headers.ETag);
        Assert.Null(response.Headers.CacheControl);

        var index = await _server.GetAsync("/openapi/v3");
        Assert.NotNull(index.Headers.ETag);
        Assert.Null(index.Headers.CacheControl);
    }

    [Fact]
    public async Task An_old_hash_redirects_permanently_to_the_current_document()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _server.BaseAddress };
        var response = await client.GetAsync(new Uri("/openapi/v3/apis/coordination.k8s.io/v1?hash=0123", UriKind.Relative));
        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal(await UrlOf("apis/coordination.k8s.io/v1"), response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Only_json_is_served_and_unknown_group_versions_are_not_found()
    {
        var protobuf = await _server.SendAsync(HttpMethod.Get, "/openapi/v3/api/v1", null, "application/json", "application/com.github.proto-openapi.spec.v3.v1.0+protobuf");
        await HttpAssert.Status(protobuf, 406, "NotAcceptable");
        var either = await _server.SendAsync(HttpMethod.Get, "/openapi/v3/api/v1", null, "application/json", "application/com.github.proto-openapi.spec.v3.v1.0+protobuf, */*");
        Assert.Equal(HttpStatusCode.OK, either.StatusCode);
        await HttpAssert.Status(await _server.GetAsync("/openapi/v3/apis/apps/v1"), 404, "NotFound");
    }

    [Fact]
    public async Task Openapi_v2_is_not_served()
    {
        var response = await _server.GetAsync("/openapi/v2");
        var status = await HttpAssert.Status(response, 404, "NotFound");
        Assert.Equal("the server could not find the requested resource", (string?)status["message"]);
    }

    private async Task<string> UrlOf(string gv) =>
        (string)(await _server.GetJsonAsync("/openapi/v3"))["paths"]![gv]!["serverRelativeURL"]!;
}
