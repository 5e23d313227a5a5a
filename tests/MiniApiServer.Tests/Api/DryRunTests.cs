using static MiniApiServer.Tests.Api.ApiTestKit;

namespace MiniApiServer.Tests.Api;

/// <summary>dryRun=All: everything runs, nothing is stored (k8s-semantics.md §1.2).</summary>
public sealed class DryRunTests
{
    [Fact]
    public async Task Dry_run_create_answers_the_would_be_object_without_storing_it()
    {
        await using var server = ApiServer.Start();
        var revision = server.Revision();
        var created = await HttpAssert.Json(await server.PostAsync(Services + "?dryRun=All", Manifests.Service("web")), 201);
        Assert.Equal("web", (string?)created["metadata"]!["name"]);
        Assert.True(Guid.TryParse((string?)created["metadata"]!["uid"], out _));
        Assert.NotNull(created["metadata"]!["creationTimestamp"]);
        Assert.Null(created["metadata"]!["resourceVersion"]);
        Assert.Equal("ClusterIP", (string?)created["spec"]!["type"]);
        Assert.Equal(revision, server.Revision());
        await HttpAssert.Status(await server.GetAsync(Services + "/web"), 404, "NotFound");
    }

    [Fact]
    public async Task Dry_run_create_still_validates()
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Status(await server.PostAsync(Services + "?dryRun=All", """{"metadata":{"name":"web"},"spec":{"ports":[{"port":0}]}}"""),
            422, "Invalid", "Service \"web\" is invalid: [spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive, spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive]");
    }

    [Fact]
    public async Task Dry_run_create_still_reports_AlreadyExists()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Services, Manifests.Service("web"));
        await HttpAssert.Status(await server.PostAsync(Services + "?dryRun=All", Manifests.Service("web")), 409, "AlreadyExists", "services \"web\" already exists");
    }

    [Fact]
    public async Task Dry_run_create_still_checks_the_namespace()
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Status(await server.PostAsync("/api/v1/namespaces/nope/services?dryRun=All", Manifests.Service("web")), 404, "NotFound",
            "namespaces \"nope\" not found");
    }

    [Fact]
    public async Task Dry_run_update_answers_the_change_without_storing_it()
    {
        await using var server = ApiServer.Start();
        var created = await server.CreateAsync(Services, Manifests.Service("web"));
        var revision = server.Revision();
        var updated = await HttpAssert.Json(await server.PutAsync(Services + "/web?dryRun=All", Manifests.Service("web", """{"x":"y"}""")), 200);
        Assert.Equal("y", updated.Label("x"));
        Assert.Equal(revision, server.Revision());
        var stored = await server.GetJsonAsync(Services + "/web");
        Assert.Null(stored.Label("x"));
        Assert.Equal(created.Rv(), stored.Rv());
    }

    [Fact]
    public async Task Dry_run_update_still_checks_the_resourceVersion()
    {
        await using var server = ApiServer.Start();
        var created = await server.CreateAsync(Services, Manifests.Service("web"));
        await HttpAssert.Json(await server.PatchAsync(Services + "/web", """{"metadata":{"labels":{"a":"1"}}}"""), 200);
        await HttpAssert.Status(await server.PutAsync(Services + "/web?dryRun=All", created.ToJsonString()), 409, "Conflict");
    }

    [Fact]
    public async Task Dry_run_put_to_a_missing_service_creates_nothing()
    {
        await using var server = ApiServer.Start();
        var revision = server.Revision();
        await HttpAssert.Json(await server.PutAsync(Services + "/web?dryRun=All", Manifests.Service("web")), 201);
        Assert.Equal(revision, server.Revision());
        await HttpAssert.Status(await server.GetAsync(Services + "/web"), 404, "NotFound");
    }

    [Fact]
    public async Task Dry_run_patch_answers_the_change_without_storing_it()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Services, Manifests.Service("web"));
        var revision = server.Revision();
        var patched = await HttpAssert.Json(await server.PatchAsync(Services + "/web?dryRun=All", """{"metadata":{"labels":{"x":"y"}}}"""), 200);
        Assert.Equal("y", patched.Label("x"));
        Assert.Equal(revision, server.Revision());
        Assert.Null((await server.GetJsonAsync(Services + "/web")).Label("x"));
    }

    [Fact]
    public async Task Dry_run_status_patch_stores_nothing()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Pods, Manifests.Pod("p", nodeName: "n1"));
        var revision = server.Revision();
        var patched = await HttpAssert.Json(await server.PatchAsync(Pods + "/p/status?dryRun=All", """{"status":{"phase":"Running"}}"""), 200);
        Assert.Equal("Running", (string?)patched["status"]!["phase"]);
        Assert.Equal(revision, server.Revision());
    }

    [Theory]
    [InlineData("?dryRun=All", null)]
    [InlineData("", """{"kind":"DeleteOptions","apiVersion":"v1","dryRun":["All"]}""")]
    public async Task Dry_run_delete_keeps_the_object(string query, string? body)
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Services, Manifests.Service("web"));
        var revision = server.Revision();
        var deleted = await HttpAssert.Json(await server.DeleteAsync(Services + "/web" + query, body), 200);
        Assert.Equal("web", (string?)deleted["metadata"]!["name"]);
        Assert.Equal(revision, server.Revision());
        await server.GetJsonAsync(Services + "/web");
    }

    [Fact]
    public async Task Dry_run_delete_of_a_namespace_does_not_terminate_it()
    {
        await using var server = ApiServer.Start();
        await server.CreateNamespaceAsync("team");
        var revision = server.Revision();
        var deleted = await HttpAssert.Json(await server.DeleteAsync(Namespaces + "/team?dryRun=All"), 200);
        Assert.Equal("Terminating", (string?)deleted["status"]!["phase"]);
        Assert.Equal(revision, server.Revision());
        Assert.Equal("Active", (string?)(await server.GetJsonAsync(Namespaces + "/team"))["status"]!["phase"]);
    }

    [Fact]
    public async Task Dry_run_deletecollection_keeps_everything()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Services, Manifests.Service("web"));
        var revision = server.Revision();
        var deleted = await HttpAssert.Json(await server.DeleteAsync(Services + "?dryRun=All"), 200);
        Assert.Equal(["kubernetes", "web"], deleted.Names());
        Assert.Equal(revision, server.Revision());
        Assert.Equal(["kubernetes", "web"], (await server.GetJsonAsync(Services)).Names());
    }

    [Fact]
    public async Task Unsupported_dryRun_on_create_is_422()
    {
        await using var server = ApiServer.Start();
        var status = await HttpAssert.Status(await server.PostAsync(Services + "?dryRun=x", Manifests.Service("web")), 422, "Invalid",
            "CreateOptions.meta.k8s.io \"\" is invalid: dryRun: Unsupported value: []string{\"x\"}: supported values: \"All\"");
        Assert.Equal("CreateOptions", (string?)status["details"]!["kind"]);
        Assert.Equal("meta.k8s.io", (string?)status["details"]!["group"]);
        Assert.Equal("dryRun", (string?)status["details"]!["causes"]![0]!["field"]);
        Assert.Equal("FieldValueNotSupported", (string?)status["details"]!["causes"]![0]!["reason"]);
        await HttpAssert.Status(await server.GetAsync(Services + "/web"), 404, "NotFound");
    }

    [Fact]
    public async Task Unsupported_dryRun_on_update_patch_and_delete_is_422_naming_the_options_kind()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Services, Manifests.Service("web"));
        await HttpAssert.Status(await server.PutAsync(Services + "/web?dryRun=x", Manifests.Service("web")), 422, "Invalid",
            "UpdateOptions.meta.k8s.io \"\" is invalid: dryRun: Unsupported value: []string{\"x\"}: supported values: \"All\"");
        await HttpAssert.Status(await server.PatchAsync(Services + "/web?dryRun=x", "{}"), 422, "Invalid",
            "PatchOptions.meta.k8s.io \"\" is invalid: dryRun: Unsupported value: []string{\"x\"}: supported values: \"All\"");
        await HttpAssert.Status(await server.DeleteAsync(Services + "/web?dryRun=x"), 422, "Invalid",
            "DeleteOptions.meta.k8s.io \"\" is invalid: dryRun: Unsupported value: []string{\"x\"}: supported values: \"All\"");
        await HttpAssert.Status(await server.DeleteAsync(Services + "/web", """{"dryRun":["All","x"]}"""), 422, "Invalid",
            "DeleteOptions.meta.k8s.io \"\" is invalid: dryRun: Unsupported value: []string{\"All\", \"x\"}: supported values: \"All\"");
        await server.GetJsonAsync(Services + "/web");
    }
}
