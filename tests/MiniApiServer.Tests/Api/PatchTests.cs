using static MiniApiServer.Tests.Api.ApiTestKit;

namespace MiniApiServer.Tests.Api;

/// <summary>PATCH with JSON merge patch and JSON patch; the other patch types are 415 for now (k8s-semantics.md §9).</summary>
public sealed class PatchTests
{
    private const string JsonPatch = "application/json-patch+json";
    private const string Unsupported415 =
        "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json";

    [Fact]
    public async Task Merge_patch_adds_and_null_deletes()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Services, Manifests.Service("web", """{"a":"1","b":"2"}"""));
        var patched = await HttpAssert.Json(await server.PatchAsync(Services + "/web", """{"metadata":{"labels":{"a":null,"c":"3"}}}"""), 200);
        Assert.Null(patched.Label("a"));
        Assert.Equal("2", patched.Label("b"));
        Assert.Equal("3", patched.Label("c"));
        Assert.Equal(server.Revision(), patched.RvNumber());
    }

    [Fact]
    public async Task Merge_patch_replaces_lists_wholesale()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Services, """{"metadata":{"name":"web"},"spec":{"ports":[{"name":"http","port":80},{"name":"https","port":443}]}}""");
        var patched = await HttpAssert.Json(await server.PatchAsync(Services + "/web", """{"spec":{"ports":[{"port":8080}]}}"""), 200);
        var ports = patched["spec"]!["ports"]!.AsArray();
        Assert.Single(ports);
        Assert.Equal(8080, (int?)ports[0]!["port"]);
        Assert.Equal(8080, (int?)ports[0]!["targetPort"]);
    }

    [Fact]
    public async Task Json_patch_operations_apply_in_order()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Services, Manifests.Service("web", """{"a":"1","b":"2"}"""));
        var patched = await HttpAssert.Json(await server.PatchAsync(Services + "/web", """
            [{"op":"test","path":"/metadata/labels/a","value":"1"},
             {"op":"replace","path":"/metadata/labels/a","value":"x"},
             {"op":"remove","path":"/metadata/labels/b"},
             {"op":"add","path":"/metadata/labels/c~1d","value":"3"},
             {"op":"copy","from":"/metadata/labels/a","path":"/metadata/labels/e"},
             {"op":"add","path":"/spec/ports/0/name","value":"http"},
             {"op":"add","path":"/spec/ports/-","value":{"name":"extra","port":81}}]
            """, JsonPatch), 200);
        Assert.Equal("x", patched.Label("a"));
        Assert.Null(patched.Label("b"));
        Assert.Equal("3", patched.Label("c/d"));
        Assert.Equal("x", patched.Label("e"));
        Assert.Equal(2, patched["spec"]!["ports"]!.AsArray().Count);
    }

    [Fact]
    public async Task Json_patch_with_a_failed_test_is_a_generic_422()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Services, Manifests.Service("web", """{"a":"1"}"""));
        var revision = server.Revision();
        await HttpAssert.Status(await server.PatchAsync(Services + "/web", """[{"op":"test","path":"/metadata/labels/a","value":"2"}]""", JsonPatch),
            422, "Invalid", "the server rejected our request due to an error in our request");
        Assert.Equal(revision, server.Revision());
    }

    [Fact]
    public async Task Json_patch_on_a_missing_path_is_a_generic_422()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Services, Manifests.Service("web"));
        await HttpAssert.Status(await server.PatchAsync(Services + "/web", """[{"op":"remove","path":"/metadata/annotations/x"}]""", JsonPatch),
            422, "Invalid", "the server rejected our request due to an error in our request");
    }

    [Theory]
    [InlineData("""{"op":"add","path":"/metadata/labels/a","value":"1"}""")]
    [InlineData("\"x\"")]
    [InlineData("[{\"op\":")]
    public async Task Json_patch_that_is_not_an_array_of_operations_is_400(string patch)
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Services, Manifests.Service("web"));
        await HttpAssert.Status(await server.PatchAsync(Services + "/web", patch, JsonPatch), 400, "BadRequest");
    }

    [Fact]
    public async Task Malformed_merge_patch_is_400()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Services, Manifests.Service("web"));
        await HttpAssert.Status(await server.PatchAsync(Services + "/web", """{"metadata":"""), 400, "BadRequest");
    }

    [Theory]
    [InlineData("application/strategic-merge-patch+json")]
    [InlineData("application/apply-patch+yaml")]
    [InlineData("application/json")]
    [InlineData("text/plain")]
    public async Task Other_patch_types_are_415_naming_the_supported_ones(string contentType)
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Services, Manifests.Service("web"));
        await HttpAssert.Status(await server.PatchAsync(Services + "/web", """{"metadata":{"labels":{"a":"1"}}}""", contentType),
            415, "UnsupportedMediaType", Unsupported415);
    }

    [Fact]
    public async Task Patch_content_type_parameters_are_ignored()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Services, Manifests.Service("web"));
        await HttpAssert.Json(await server.PatchAsync(Services + "/web", """{"metadata":{"labels":{"a":"1"}}}""", "application/merge-patch+json; charset=utf-8"), 200);
    }

    [Fact]
    public async Task ResourceVersion_in_a_patch_is_a_precondition()
    {
        await using var server = ApiServer.Start();
        var created = await server.CreateAsync(Services, Manifests.Service("web"));
        var patched = await HttpAssert.Json(await server.PatchAsync(Services + "/web",
            "{\"metadata\":{\"resourceVersion\":\"" + created.Rv() + "\",\"labels\":{\"a\":\"1\"}}}"), 200);
        await HttpAssert.Status(await server.PatchAsync(Services + "/web",
                "{\"metadata\":{\"resourceVersion\":\"" + created.Rv() + "\",\"labels\":{\"a\":\"2\"}}}"),
            409, "Conflict",
            "Operation cannot be fulfilled on services \"web\": the object has been modified; please apply your changes to the latest version and try again");
        Assert.Equal("1", (await server.GetJsonAsync(Services + "/web")).Label("a"));
        Assert.True(patched.RvNumber() > created.RvNumber());
    }

    [Fact]
    public async Task Patch_of_a_missing_object_is_404()
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Status(await server.PatchAsync(Services + "/nope", """{"metadata":{"labels":{"a":"1"}}}"""), 404, "NotFound", "services \"nope\" not found");
        await HttpAssert.Status(await server.PatchAsync(Pods + "/nope/status", """{"status":{"phase":"Running"}}"""), 404, "NotFound", "pods \"nope\" not found");
        await HttpAssert.Status(await server.PatchAsync(Namespaces + "/nope", "[]", JsonPatch), 404, "NotFound", "namespaces \"nope\" not found");
    }

    [Fact]
    public async Task No_op_patch_keeps_the_resourceVersion_and_writes_nothing()
    {
        await using var server = ApiServer.Start();
        var created = await server.CreateAsync(Services, Manifests.Service("web", """{"a":"1"}"""));
        var revision = server.Revision();
        var same = await HttpAssert.Json(await server.PatchAsync(Services + "/web", """{"metadata":{"labels":{"a":"1"}}}"""), 200);
        Assert.Equal(created.Rv(), same.Rv());
        var empty = await HttpAssert.Json(await server.PatchAsync(Services + "/web", "[]", JsonPatch), 200);
        Assert.Equal(created.Rv(), empty.Rv());
        Assert.Equal(revision, server.Revision());
    }

    [Fact]
    public async Task Patch_that_renames_the_object_is_400()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Services, Manifests.Service("web"));
        await HttpAssert.Status(await server.PatchAsync(Services + "/web", """{"metadata":{"name":"other"}}"""), 400, "BadRequest",
            "the name of the object (other) does not match the name on the URL (web)");
    }

    [Fact]
    public async Task Patch_that_moves_the_object_to_another_namespace_is_400()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Services, Manifests.Service("web"));
        await HttpAssert.Status(await server.PatchAsync(Services + "/web", """{"metadata":{"namespace":"kube-system"}}"""), 400, "BadRequest",
            "the namespace of the provided object does not match the namespace sent on the request");
    }

    [Fact]
    public async Task Patch_result_is_validated()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Services, Manifests.Service("web"));
        await HttpAssert.Status(await server.PatchAsync(Services + "/web", """{"spec":{"ports":[{"port":0}]}}"""), 422, "Invalid",
            "Service \"web\" is invalid: [spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive, spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive]");
    }

    [Theory]
    [InlineData("application/merge-patch+json", """{"spec":{"ports":[{"port":"80"}]}}""")]
    [InlineData("application/json-patch+json", """[{"op":"replace","path":"/spec/ports/0/port","value":"80"}]""")]
    [InlineData("application/merge-patch+json", """{"kind":"Pod"}""")]
    public async Task Patch_result_that_does_not_decode_is_422_on_the_patch(string contentType, string patch)
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Services, Manifests.Service("web"));
        var revision = server.Revision();
        var status = await HttpAssert.Status(await server.PatchAsync(Services + "/web", patch, contentType), 422, "Invalid");
        Assert.StartsWith(" \"\" is invalid: patch: Invalid value: \"{\\\"", (string?)status["message"], StringComparison.Ordinal);
        Assert.Equal("patch", (string?)status["details"]!["causes"]![0]!["field"]);
        Assert.Equal(revision, server.Revision());
    }

    [Fact]
    public async Task Patch_that_changes_the_kind_names_the_conversion()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Services, Manifests.Service("web"));
        var status = await HttpAssert.Status(await server.PatchAsync(Services + "/web", """{"kind":"Pod"}"""), 422, "Invalid");
        Assert.EndsWith("\": converting (v1.Pod) to (core.Service): unknown conversion", (string?)status["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_patch_with_too_many_operations_is_413()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Services, Manifests.Service("web"));
        var ops = string.Join(",", Enumerable.Repeat("""{"op":"test","path":"/kind","value":"Service"}""", 10001));
        await HttpAssert.Status(await server.PatchAsync(Services + "/web", "[" + ops + "]", JsonPatch), 413, "RequestEntityTooLarge",
            "Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001");
    }

    [Fact]
    public async Task Status_patch_touches_only_the_status()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Pods, Manifests.Pod("p", nodeName: "n1"));
        var patched = await HttpAssert.Json(await server.PatchAsync(Pods + "/p/status",
            """{"metadata":{"annotations":{"a":"1"}},"spec":{"activeDeadlineSeconds":30},"status":{"phase":"Running"}}"""), 200);
        Assert.Equal("Running", (string?)patched["status"]!["phase"]);
        Assert.Null(patched["spec"]!["activeDeadlineSeconds"]);
        Assert.Equal(server.Revision(), patched.RvNumber());
    }

    [Fact]
    public async Task Main_resource_patch_discards_status_changes()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Pods, Manifests.Pod("p", nodeName: "n1"));
        var patched = await HttpAssert.Json(await server.PatchAsync(Pods + "/p",
            """{"metadata":{"labels":{"a":"1"}},"status":{"phase":"Running"}}"""), 200);
        Assert.Equal("1", patched.Label("a"));
        Assert.Equal("Pending", (string?)patched["status"]!["phase"]);
    }

    [Fact]
    public async Task Main_resource_patch_that_only_changes_status_writes_nothing()
    {
        await using var server = ApiServer.Start();
        var created = await server.CreateAsync(Services, Manifests.Service("web"));
        var revision = server.Revision();
        var same = await HttpAssert.Json(await server.PatchAsync(Services + "/web",
            """{"status":{"loadBalancer":{"ingress":[{"ip":"192.0.2.1"}]}}}"""), 200);
        Assert.Equal(created.Rv(), same.Rv());
        Assert.Equal(revision, server.Revision());
    }

    [Fact]
    public async Task Json_patch_on_a_namespace_works_for_cluster_scoped_objects()
    {
        await using var server = ApiServer.Start();
        await server.CreateNamespaceAsync("team");
        var patched = await HttpAssert.Json(await server.PatchAsync(Namespaces + "/team",
            """[{"op":"add","path":"/metadata/labels/env","value":"prod"}]""", JsonPatch), 200);
        Assert.Equal("prod", patched.Label("env"));
        Assert.Equal("team", patched.Label("kubernetes.io/metadata.name"));
    }
}
