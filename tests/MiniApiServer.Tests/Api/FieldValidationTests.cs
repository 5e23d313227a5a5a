using static MiniApiServer.Tests.Api.ApiTestKit;

namespace MiniApiServer.Tests.Api;

/// <summary>fieldValidation=Ignore|Warn|Strict for unknown and duplicate fields (k8s-semantics.md §1.2).</summary>
public sealed class FieldValidationTests
{
    private const string WithUnknownField = """{"metadata":{"name":"web"},"spec":{"foo":1,"ports":[{"port":80}]}}""";

    [Theory]
    [InlineData("")]
    [InlineData("?fieldValidation=Warn")]
    public async Task Unknown_fields_are_dropped_with_a_warning_by_default(string query)
    {
        await using var server = ApiServer.Start();
        var response = await server.PostAsync(Services + query, WithUnknownField);
        var created = await HttpAssert.Json(response, 201);
        Assert.Equal(["299 - \"unknown field \\\"spec.foo\\\"\""], response.Warnings());
        Assert.Null(created["spec"]!["foo"]);
        Assert.Null((await server.GetJsonAsync(Services + "/web"))["spec"]!["foo"]);
    }

    [Fact]
    public async Task Ignore_drops_unknown_fields_silently()
    {
        await using var server = ApiServer.Start();
        var response = await server.PostAsync(Services + "?fieldValidation=Ignore", WithUnknownField);
        var created = await HttpAssert.Json(response, 201);
        Assert.Empty(response.Warnings());
        Assert.Null(created["spec"]!["foo"]);
    }

    [Fact]
    public async Task Strict_rejects_an_unknown_field_with_400()
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Status(await server.PostAsync(Services + "?fieldValidation=Strict", WithUnknownField), 400, "BadRequest",
            "Service in version \"v1\" cannot be handled as a Service: strict decoding error: unknown field \"spec.foo\"");
        await HttpAssert.Status(await server.GetAsync(Services + "/web"), 404, "NotFound");
    }

    [Fact]
    public async Task Strict_names_every_unknown_field()
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Status(
            await server.PostAsync(Services + "?fieldValidation=Strict", """{"metadata":{"name":"web","bogus":1},"spec":{"foo":1,"ports":[{"port":80,"bar":2}]}}"""),
            400, "BadRequest",
            "Service in version \"v1\" cannot be handled as a Service: strict decoding error: unknown field \"metadata.bogus\", unknown field \"spec.foo\", unknown field \"spec.ports[0].bar\"");
    }

    [Fact]
    public async Task Strict_rejects_a_duplicate_field()
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Status(
            await server.PostAsync(Services + "?fieldValidation=Strict", """{"metadata":{"name":"web","name":"web"},"spec":{"ports":[{"port":80}]}}"""),
            400, "BadRequest", "Service in version \"v1\" cannot be handled as a Service: strict decoding error: duplicate field \"metadata.name\"");
    }

    [Fact]
    public async Task Duplicate_field_keeps_the_last_value_with_a_warning()
    {
        await using var server = ApiServer.Start();
        var response = await server.PostAsync(Services, """{"metadata":{"name":"first","name":"web"},"spec":{"ports":[{"port":80}]}}""");
        var created = await HttpAssert.Json(response, 201);
        Assert.Equal("web", (string?)created["metadata"]!["name"]);
        Assert.Equal(["299 - \"duplicate field \\\"metadata.name\\\"\""], response.Warnings());
    }

    [Fact]
    public async Task Strict_applies_to_updates()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Services, Manifests.Service("web"));
        await HttpAssert.Status(await server.PutAsync(Services + "/web?fieldValidation=Strict", WithUnknownField), 400, "BadRequest",
            "Service in version \"v1\" cannot be handled as a Service: strict decoding error: unknown field \"spec.foo\"");
        var response = await server.PutAsync(Services + "/web", WithUnknownField);
        await HttpAssert.Json(response, 200);
        Assert.Equal(["299 - \"unknown field \\\"spec.foo\\\"\""], response.Warnings());
    }

    [Fact]
    public async Task Strict_applies_to_yaml_bodies()
    {
        await using var server = ApiServer.Start();
        const string yaml = "metadata:\n  name: web\nspec:\n  foo: 1\n  ports:\n  - port: 80\n";
        await HttpAssert.Status(await server.PostAsync(Services + "?fieldValidation=Strict", yaml, "application/yaml"), 400, "BadRequest",
            "Service in version \"v1\" cannot be handled as a Service: strict decoding error: unknown field \"spec.foo\"");
    }

    [Fact]
    public async Task Strict_patch_with_an_unknown_field_is_422()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Services, Manifests.Service("web"));
        var status = await HttpAssert.Status(await server.PatchAsync(Services + "/web?fieldValidation=Strict", """{"spec":{"foo":1}}"""), 422, "Invalid");
        var message = (string)status["message"]!;
        // patch.go quirk: empty kind and name, the patched object as a Go-quoted string.
        Assert.StartsWith(" \"\" is invalid: patch: Invalid value: \"{\\\"", message, StringComparison.Ordinal);
        Assert.EndsWith("\": strict decoding error: unknown field \"spec.foo\"", message, StringComparison.Ordinal);
        Assert.Equal("patch", (string?)status["details"]!["causes"]![0]!["field"]);
    }

    [Fact]
    public async Task Patch_with_an_unknown_field_warns_by_default()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Services, Manifests.Service("web"));
        var response = await server.PatchAsync(Services + "/web", """{"spec":{"foo":1}}""");
        await HttpAssert.Json(response, 200);
        Assert.Equal(["299 - \"unknown field \\\"spec.foo\\\"\""], response.Warnings());
    }

    [Fact]
    public async Task Unsupported_fieldValidation_value_is_422()
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Status(await server.PostAsync(Services + "?fieldValidation=Bogus", Manifests.Service("web")), 422, "Invalid",
            "CreateOptions.meta.k8s.io \"\" is invalid: fieldValidation: Unsupported value: \"Bogus\": supported values: \"\", \"Ignore\", \"Strict\", \"Warn\"");
    }
}
