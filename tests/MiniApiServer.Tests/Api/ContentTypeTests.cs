using System.Text;
using static MiniApiServer.Tests.Api.ApiTestKit;

namespace MiniApiServer.Tests.Api;

/// <summary>Request bodies in JSON or YAML, responses in JSON or YAML, and the negotiation errors (k8s-semantics.md §10).</summary>
public sealed class ContentTypeTests
{
    private const string Unsupported415 =
        "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf";

    [Fact]
    public async Task Yaml_request_body_creates()
    {
        await using var server = ApiServer.Start();
        const string yaml = """
            apiVersion: v1
            kind: Service
            metadata:
              name: web
              labels:
                app: "true"
            spec:
              selector:
                app: MyApp
              ports:
              - protocol: TCP
                port: 80
                targetPort: 9376
            """;
        var created = await HttpAssert.Json(await server.PostAsync(Services, yaml, "application/yaml"), 201);
        Assert.Equal("true", created.Label("app"));
        Assert.Equal(9376, (int?)created["spec"]!["ports"]![0]!["targetPort"]);
    }

    [Fact]
    public async Task Yaml_request_body_updates()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Services, Manifests.Service("web"));
        var updated = await HttpAssert.Json(await server.PutAsync(Services + "/web", "metadata:\n  name: web\n  labels:\n    x: z\nspec:\n  ports:\n  - port: 80\n", "application/yaml"), 200);
        Assert.Equal("z", updated.Label("x"));
    }

    [Fact]
    public async Task Malformed_yaml_is_400()
    {
        await using var server = ApiServer.Start();
        var status = await HttpAssert.Status(await server.PostAsync(Services, "metadata: [unclosed\n", "application/yaml"), 400, "BadRequest");
        Assert.StartsWith("the object provided is unrecognized (must be of type Service): ", (string?)status["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Yaml_response_on_request()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Services, Manifests.Service("web"));
        var response = await server.SendAsync(HttpMethod.Get, Services + "/web", null, "application/json", "application/yaml");
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("application/yaml", response.Content.Headers.ContentType!.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("apiVersion: v1\nkind: Service\nmetadata:\n", text, StringComparison.Ordinal);
        Assert.Contains("  name: web\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Yaml_list_response_on_request()
    {
        await using var server = ApiServer.Start();
        var response = await server.SendAsync(HttpMethod.Get, Pods, null, "application/json", "application/yaml");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal("application/yaml", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("items: []\n", text, StringComparison.Ordinal);
        Assert.Contains("kind: PodList\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Yaml_create_response_on_request()
    {
        await using var server = ApiServer.Start();
        var response = await server.SendAsync(HttpMethod.Post, Services, "metadata:\n  name: web\nspec:\n  ports:\n  - port: 80\n", "application/yaml", "application/yaml");
        Assert.Equal(201, (int)response.StatusCode);
        Assert.Contains("kind: Service\n", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_errors_follow_the_accepted_format()
    {
        await using var server = ApiServer.Start();
        var response = await server.SendAsync(HttpMethod.Get, Services + "/nope", null, "application/json", "application/yaml");
        Assert.Equal(404, (int)response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("kind: Status\n", text, StringComparison.Ordinal);
        Assert.Contains("message: services \"nope\" not found\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("*/*")]
    [InlineData("application/*")]
    [InlineData("application/vnd.kubernetes.protobuf, application/json")]
    [InlineData("application/json;as=Table;v=v1;g=meta.k8s.io, application/json")]
    [InlineData("text/html, application/json;q=0.5")]
    public async Task Json_is_served_when_acceptable(string accept)
    {
        await using var server = ApiServer.Start();
        var response = await server.SendAsync(HttpMethod.Get, Services + "/kubernetes", null, "application/json", accept);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.ToString());
    }

    [Theory]
    [InlineData("application/vnd.kubernetes.protobuf")]
    [InlineData("text/html")]
    [InlineData("application/cbor")]
    public async Task Accept_with_nothing_we_serve_is_406(string accept)
    {
        await using var server = ApiServer.Start();
        var response = await server.SendAsync(HttpMethod.Get, Services + "/kubernetes", null, "application/json", accept);
        await HttpAssert.Status(response, 406, "NotAcceptable", "only the following media types are accepted: application/json, application/yaml");
    }

    [Fact]
    public async Task Not_acceptable_writes_are_refused_before_anything_is_stored()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Services, Manifests.Service("old"));
        var revision = server.Revision();
        await HttpAssert.Status(await server.SendAsync(HttpMethod.Post, Services, Manifests.Service("web"), "application/json", "text/html"), 406, "NotAcceptable");
        await HttpAssert.Status(await server.SendAsync(HttpMethod.Put, Services + "/old", Manifests.Service("old", """{"a":"1"}"""), "application/json", "text/html"), 406, "NotAcceptable");
        await HttpAssert.Status(await server.SendAsync(HttpMethod.Patch, Services + "/old", """{"metadata":{"labels":{"a":"1"}}}""", "application/merge-patch+json", "text/html"), 406, "NotAcceptable");
        await HttpAssert.Status(await server.SendAsync(HttpMethod.Delete, Services + "/old", null, "application/json", "text/html"), 406, "NotAcceptable");
        await HttpAssert.Status(await server.SendAsync(HttpMethod.Delete, Services, null, "application/json", "text/html"), 406, "NotAcceptable");
        Assert.Equal(revision, server.Revision());
        Assert.Equal(["kubernetes", "old"], (await server.GetJsonAsync(Services)).Names());
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("application/cbor")]
    [InlineData("application/merge-patch+json")]
    public async Task Unsupported_request_content_type_is_415(string contentType)
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Status(await server.PostAsync(Services, Manifests.Service("web"), contentType), 415, "UnsupportedMediaType", Unsupported415);
        await HttpAssert.Status(await server.PutAsync(Services + "/kubernetes", Manifests.Service("kubernetes"), contentType), 415, "UnsupportedMediaType", Unsupported415);
    }

    [Fact]
    public async Task Body_without_a_content_type_is_read_as_json()
    {
        await using var server = ApiServer.Start();
        var response = await server.SendBytesAsync(HttpMethod.Post, Services, Encoding.UTF8.GetBytes(Manifests.Service("web")), contentType: null);
        await HttpAssert.Json(response, 201);
    }

    [Fact]
    public async Task Content_type_parameters_are_ignored()
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Json(await server.PostAsync(Services, Manifests.Service("web"), "application/json; charset=utf-8"), 201);
    }

    [Fact]
    public async Task Body_over_three_mebibytes_is_413()
    {
        await using var server = ApiServer.Start();
        var big = Manifests.Service("web").Replace("\"labels\":{}", $"\"annotations\":{{\"a\":\"{new string('x', 3 * 1024 * 1024)}\"}}", StringComparison.Ordinal);
        await HttpAssert.Status(await server.PostAsync(Services, big), 413, "RequestEntityTooLarge", "Request entity too large: limit is 3145728");
        await HttpAssert.Status(await server.GetAsync(Services + "/web"), 404, "NotFound");
    }

    [Fact]
    public async Task Chunked_body_over_three_mebibytes_is_413()
    {
        await using var server = ApiServer.Start();
        var request = new HttpRequestMessage(HttpMethod.Post, Services)
        {
            Content = new StreamContent(new MemoryStream(new byte[(3 * 1024 * 1024) + 10])),
        };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.TransferEncodingChunked = true;
        await HttpAssert.Status(await server.Client.SendAsync(request), 413, "RequestEntityTooLarge", "Request entity too large: limit is 3145728");
    }

    [Fact]
    public async Task Body_of_exactly_three_mebibytes_is_read()
    {
        await using var server = ApiServer.Start();
        var body = Manifests.Service("web");
        body += new string(' ', (3 * 1024 * 1024) - Encoding.UTF8.GetByteCount(body));
        await HttpAssert.Json(await server.PostAsync(Services, body), 201);
    }

    [Fact]
    public async Task Malformed_json_is_400()
    {
        await using var server = ApiServer.Start();
        var status = await HttpAssert.Status(await server.PostAsync(Services, """{"metadata":{"name":"web"}"""), 400, "BadRequest");
        Assert.StartsWith("the object provided is unrecognized (must be of type Service): couldn't get version/kind; json parse error: ",
            (string?)status["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_array_body_is_400_with_the_upstream_text()
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Status(await server.PostAsync(Services, "[]"), 400, "BadRequest",
            "the object provided is unrecognized (must be of type Service): couldn't get version/kind; json parse error: json: cannot unmarshal array into Go value of type struct { APIVersion string \"json:\\\"apiVersion,omitempty\\\"\"; Kind string \"json:\\\"kind,omitempty\\\"\" } (5b5d)");
    }

    [Fact]
    public async Task Json_responses_carry_no_charset()
    {
        await using var server = ApiServer.Start();
        var response = await server.GetAsync(Services);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.ToString());
    }
}
