using System.Text.Json.Nodes;
using static MiniApiServer.Tests.Api.ApiTestKit;

namespace MiniApiServer.Tests.Api;

/// <summary>PUT on an item and on /status (k8s-semantics.md §1.7, §2.4, §2.5).</summary>
public sealed class UpdateTests
{
    private const string StaleMessage =
        "Operation cannot be fulfilled on services \"web\": the object has been modified; please apply your changes to the latest version and try again";

    private static JsonObject WithLabel(JsonObject obj, string key, string value)
    {
        var copy = obj.DeepClone().AsObject();
        var meta = copy["metadata"]!.AsObject();
        if (meta["labels"] is not JsonObject labels)
        {
            labels = [];
            meta["labels"] = labels;
        }
        labels[key] = value;
        return copy;
    }

    [Fact]
    public async Task Put_with_the_current_resourceVersion_updates()
    {
        await using var server = ApiServer.Start();
        var created = await server.CreateAsync(Services, Manifests.Service("web"));
        var updated = await HttpAssert.Json(await server.PutAsync(Services + "/web", WithLabel(created, "x", "y").ToJsonString()), 200);
        Assert.Equal("y", updated.Label("x"));
        Assert.True(updated.RvNumber() > created.RvNumber());
        Assert.Equal(server.Revision(), updated.RvNumber());
        Assert.Equal((string?)created["metadata"]!["uid"], (string?)updated["metadata"]!["uid"]);
        Assert.Equal((string?)created["metadata"]!["creationTimestamp"], (string?)updated["metadata"]!["creationTimestamp"]);
    }

    [Fact]
    public async Task Put_with_a_stale_resourceVersion_is_409_Conflict()
    {
        await using var server = ApiServer.Start();
        var created = await server.CreateAsync(Services, Manifests.Service("web"));
        await HttpAssert.Json(await server.PutAsync(Services + "/web", WithLabel(created, "x", "1").ToJsonString()), 200);
        var revision = server.Revision();
        var status = await HttpAssert.Status(await server.PutAsync(Services + "/web", WithLabel(created, "x", "2").ToJsonString()), 409, "Conflict", StaleMessage);
        Assert.Equal("web", (string?)status["details"]!["name"]);
        Assert.Equal("services", (string?)status["details"]!["kind"]);
        Assert.Equal(revision, server.Revision());
        Assert.Equal("1", (await server.GetJsonAsync(Services + "/web")).Label("x"));
    }

    [Fact]
    public async Task Put_without_a_resourceVersion_is_unconditional()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Services, Manifests.Service("web"));
        await HttpAssert.Json(await server.PatchAsync(Services + "/web", """{"metadata":{"labels":{"x":"1"}}}"""), 200);
        var updated = await HttpAssert.Json(await server.PutAsync(Services + "/web", Manifests.Service("web", """{"x":"2"}""")), 200);
        Assert.Equal("2", updated.Label("x"));
        Assert.Equal(server.Revision(), updated.RvNumber());
    }

    [Fact]
    public async Task Put_with_another_name_in_the_body_is_400()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Services, Manifests.Service("web"));
        await HttpAssert.Status(await server.PutAsync(Services + "/web", Manifests.Service("other")), 400, "BadRequest",
            "the name of the object (other) does not match the name on the URL (web)");
    }

    [Fact]
    public async Task Put_without_a_name_in_the_body_is_400()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Services, Manifests.Service("web"));
        await HttpAssert.Status(await server.PutAsync(Services + "/web", """{"metadata":{},"spec":{"ports":[{"port":80}]}}"""), 400, "BadRequest",
            "the name of the object () does not match the name on the URL (web)");
    }

    [Fact]
    public async Task Put_with_another_namespace_in_the_body_is_400()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Services, Manifests.Service("web"));
        await HttpAssert.Status(
            await server.PutAsync(Services + "/web", """{"metadata":{"name":"web","namespace":"kube-system"},"spec":{"ports":[{"port":80}]}}"""),
            400, "BadRequest", "the namespace of the provided object does not match the namespace sent on the request");
    }

    [Fact]
    public async Task Put_of_another_kind_is_400()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Services, Manifests.Service("web"));
        await HttpAssert.Status(await server.PutAsync(Services + "/web", Manifests.Endpoints("web")), 400, "BadRequest",
            "Endpoints in version \"v1\" cannot be handled as a Service: converting (v1.Endpoints) to (core.Service): unknown conversion");
    }

    [Fact]
    public async Task Put_to_a_missing_service_creates_it()
    {
        await using var server = ApiServer.Start();
        var created = await HttpAssert.Json(await server.PutAsync(Services + "/web", Manifests.Service("web")), 201);
        Assert.Equal(server.Revision(), created.RvNumber());
        Assert.True(Guid.TryParse((string?)created["metadata"]!["uid"], out _));
        await server.GetJsonAsync(Services + "/web");
    }

    [Fact]
    public async Task Put_to_missing_endpoints_creates_them()
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Json(await server.PutAsync(EndpointsPath + "/web", Manifests.Endpoints("web")), 201);
        await server.GetJsonAsync(EndpointsPath + "/web");
    }

    [Fact]
    public async Task Put_to_a_missing_service_in_a_missing_namespace_is_404_for_the_namespace()
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Status(await server.PutAsync("/api/v1/namespaces/nope/services/web", Manifests.Service("web")), 404, "NotFound",
            "namespaces \"nope\" not found");
    }

    [Fact]
    public async Task Put_to_a_missing_pod_is_404()
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Status(await server.PutAsync(Pods + "/p", Manifests.Pod("p")), 404, "NotFound", "pods \"p\" not found");
    }

    [Fact]
    public async Task Put_to_a_missing_namespace_is_404()
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Status(await server.PutAsync(Namespaces + "/team", Manifests.Namespace("team")), 404, "NotFound", "namespaces \"team\" not found");
    }

    [Fact]
    public async Task Put_to_the_status_of_a_missing_service_never_creates()
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Status(await server.PutAsync(Services + "/web/status", Manifests.Service("web")), 404, "NotFound", "services \"web\" not found");
    }

    [Fact]
    public async Task No_op_put_keeps_the_resourceVersion_and_writes_nothing()
    {
        await using var server = ApiServer.Start();
        var created = await server.CreateAsync(Services, Manifests.Service("web"));
        var revision = server.Revision();
        var same = await HttpAssert.Json(await server.PutAsync(Services + "/web", created.ToJsonString()), 200);
        Assert.Equal(created.Rv(), same.Rv());
        Assert.Equal(revision, server.Revision());
    }

    [Fact]
    public async Task No_op_put_of_the_original_manifest_writes_nothing()
    {
        await using var server = ApiServer.Start();
        var created = await server.CreateAsync(Pods, Manifests.Pod("p"));
        var revision = server.Revision();
        // Defaults fill in what the manifest left out, so the result equals the stored object.
        var same = await HttpAssert.Json(await server.PutAsync(Pods + "/p", Manifests.Pod("p")), 200);
        Assert.Equal(created.Rv(), same.Rv());
        Assert.Equal(revision, server.Revision());
    }

    [Fact]
    public async Task Put_with_another_uid_is_409()
    {
        await using var server = ApiServer.Start();
        var created = await server.CreateAsync(Services, Manifests.Service("web"));
        var uid = (string)created["metadata"]!["uid"]!;
        var body = created.DeepClone().AsObject();
        body["metadata"]!["uid"] = "00000000-0000-0000-0000-000000000000";
        await HttpAssert.Status(await server.PutAsync(Services + "/web", body.ToJsonString()), 409, "Conflict",
            "Operation cannot be fulfilled on services \"web\": StorageError: invalid object, Code: 4, Key: /registry/services/specs/default/web, ResourceVersion: 0, " +
            $"AdditionalErrorMsg: Precondition failed: UID in precondition: 00000000-0000-0000-0000-000000000000, UID in object meta: {uid}");
    }

    [Fact]
    public async Task Put_cannot_change_creationTimestamp()
    {
        await using var server = ApiServer.Start();
        var created = await server.CreateAsync(Services, Manifests.Service("web"));
        var body = WithLabel(created, "x", "y");
        body["metadata"]!["creationTimestamp"] = "2001-01-01T00:00:00Z";
        var updated = await HttpAssert.Json(await server.PutAsync(Services + "/web", body.ToJsonString()), 200);
        Assert.Equal((string?)created["metadata"]!["creationTimestamp"], (string?)updated["metadata"]!["creationTimestamp"]);
    }

    [Fact]
    public async Task Put_on_the_main_resource_keeps_the_stored_status()
    {
        await using var server = ApiServer.Start();
        var created = await server.CreateAsync(Pods, Manifests.Pod("p"));
        var body = WithLabel(created, "x", "y");
        body["status"] = new JsonObject { ["phase"] = "Running" };
        var updated = await HttpAssert.Json(await server.PutAsync(Pods + "/p", body.ToJsonString()), 200);
        Assert.Equal("y", updated.Label("x"));
        Assert.Equal("Pending", (string?)updated["status"]!["phase"]);
    }

    [Fact]
    public async Task Put_on_status_changes_only_the_status()
    {
        await using var server = ApiServer.Start();
        var created = await server.CreateAsync(Pods, Manifests.Pod("p", nodeName: "n1"));
        var body = created.DeepClone().AsObject();
        body["status"]!["phase"] = "Running";
        body["spec"]!["activeDeadlineSeconds"] = 30;
        var updated = await HttpAssert.Json(await server.PutAsync(Pods + "/p/status", body.ToJsonString()), 200);
        Assert.Equal("Running", (string?)updated["status"]!["phase"]);
        Assert.Null(updated["spec"]!["activeDeadlineSeconds"]);
        Assert.Equal(server.Revision(), updated.RvNumber());
    }

    [Fact]
    public async Task Put_on_status_with_a_stale_resourceVersion_is_409()
    {
        await using var server = ApiServer.Start();
        var created = await server.CreateAsync(Services, Manifests.Service("web"));
        await HttpAssert.Json(await server.PatchAsync(Services + "/web", """{"metadata":{"labels":{"x":"1"}}}"""), 200);
        await HttpAssert.Status(await server.PutAsync(Services + "/web/status", created.ToJsonString()), 409, "Conflict", StaleMessage);
    }
}
