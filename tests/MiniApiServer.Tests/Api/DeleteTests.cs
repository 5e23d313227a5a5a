using static MiniApiServer.Tests.Api.ApiTestKit;

namespace MiniApiServer.Tests.Api;

/// <summary>DELETE of one object and of a collection, with DeleteOptions (k8s-semantics.md §1.2, §1.6, §2.5).</summary>
public sealed class DeleteTests
{
    [Fact]
    public async Task Delete_answers_200_with_the_object_and_removes_it()
    {
        await using var server = ApiServer.Start();
        var created = await server.CreateAsync(Services, Manifests.Service("web"));
        var revision = server.Revision();
        var deleted = await HttpAssert.Json(await server.DeleteAsync(Services + "/web"), 200);
        Assert.Equal("Service", (string?)deleted["kind"]);
        Assert.Equal((string?)created["metadata"]!["uid"], (string?)deleted["metadata"]!["uid"]);
        Assert.Equal(revision + 1, server.Revision());
        await HttpAssert.Status(await server.GetAsync(Services + "/web"), 404, "NotFound", "services \"web\" not found");
    }

    [Fact]
    public async Task Delete_of_an_unscheduled_pod_is_immediate()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Pods, Manifests.Pod("p"));
        var deleted = await HttpAssert.Json(await server.DeleteAsync(Pods + "/p"), 200);
        Assert.Equal("Pod", (string?)deleted["kind"]);
        await HttpAssert.Status(await server.GetAsync(Pods + "/p"), 404, "NotFound");
    }

    [Fact]
    public async Task Delete_of_a_scheduled_pod_only_marks_it_until_grace_zero()
    {
        await using var server = ApiServer.Start();
        var created = await server.CreateAsync(Pods, Manifests.Pod("p", nodeName: "n1"));
        var marked = await HttpAssert.Json(await server.DeleteAsync(Pods + "/p"), 200);
        Assert.NotNull(marked["metadata"]!["deletionTimestamp"]);
        Assert.Equal(30, (long?)marked["metadata"]!["deletionGracePeriodSeconds"]);
        Assert.Equal(2, (long?)marked["metadata"]!["generation"]);
        Assert.Equal(created.RvNumber() + 1, marked.RvNumber());
        Assert.Equal(marked.ToJsonString(), (await server.GetJsonAsync(Pods + "/p")).ToJsonString());
        await HttpAssert.Json(await server.DeleteAsync(Pods + "/p", """{"gracePeriodSeconds":0}"""), 200);
        await HttpAssert.Status(await server.GetAsync(Pods + "/p"), 404, "NotFound");
    }

    [Fact]
    public async Task Delete_of_endpoints_answers_a_success_Status()
    {
        await using var server = ApiServer.Start();
        var created = await server.CreateAsync(EndpointsPath, Manifests.Endpoints("web"));
        var status = await HttpAssert.Json(await server.DeleteAsync(EndpointsPath + "/web"), 200);
        Assert.Equal("Status", (string?)status["kind"]);
        Assert.Equal("v1", (string?)status["apiVersion"]);
        Assert.Equal("Success", (string?)status["status"]);
        Assert.Equal("web", (string?)status["details"]!["name"]);
        Assert.Equal("endpoints", (string?)status["details"]!["kind"]);
        Assert.Equal((string?)created["metadata"]!["uid"], (string?)status["details"]!["uid"]);
        await HttpAssert.Status(await server.GetAsync(EndpointsPath + "/web"), 404, "NotFound");
    }

    [Fact]
    public async Task Delete_of_a_missing_object_is_404()
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Status(await server.DeleteAsync(Services + "/nope"), 404, "NotFound", "services \"nope\" not found");
        await HttpAssert.Status(await server.DeleteAsync(Namespaces + "/nope"), 404, "NotFound", "namespaces \"nope\" not found");
    }

    [Fact]
    public async Task Delete_accepts_kubectls_DeleteOptions_body()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Services, Manifests.Service("web"));
        await HttpAssert.Json(await server.DeleteAsync(Services + "/web", """{"kind":"DeleteOptions","apiVersion":"v1","propagationPolicy":"Background"}"""), 200);
        await HttpAssert.Status(await server.GetAsync(Services + "/web"), 404, "NotFound");
    }

    [Theory]
    [InlineData("?propagationPolicy=Bogus", null)]
    [InlineData("", """{"propagationPolicy":"Bogus"}""")]
    public async Task Unknown_propagationPolicy_is_422(string query, string? body)
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Services, Manifests.Service("web"));
        var status = await HttpAssert.Status(await server.DeleteAsync(Services + "/web" + query, body), 422, "Invalid",
            "DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Unsupported value: \"Bogus\": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\"");
        Assert.Equal("DeleteOptions", (string?)status["details"]!["kind"]);
        Assert.Equal("meta.k8s.io", (string?)status["details"]!["group"]);
        await server.GetJsonAsync(Services + "/web");
    }

    [Fact]
    public async Task PropagationPolicy_together_with_orphanDependents_is_422()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Services, Manifests.Service("web"));
        await HttpAssert.Status(await server.DeleteAsync(Services + "/web", """{"propagationPolicy":"Orphan","orphanDependents":true}"""), 422, "Invalid",
            "DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Invalid value: \"Orphan\": orphanDependents and deletionPropagation cannot be both set");
    }

    [Theory]
    [InlineData("Foreground")]
    [InlineData("Background")]
    [InlineData("Orphan")]
    public async Task Every_propagationPolicy_deletes(string policy)
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Services, Manifests.Service("web"));
        await HttpAssert.Json(await server.DeleteAsync(Services + "/web?propagationPolicy=" + policy), 200);
        await HttpAssert.Status(await server.GetAsync(Services + "/web"), 404, "NotFound");
    }

    [Fact]
    public async Task Uid_precondition_mismatch_is_409_naming_the_kind()
    {
        await using var server = ApiServer.Start();
        var created = await server.CreateAsync(Services, Manifests.Service("web"));
        var uid = (string)created["metadata"]!["uid"]!;
        var status = await HttpAssert.Status(await server.DeleteAsync(Services + "/web", """{"preconditions":{"uid":"other"}}"""), 409, "Conflict",
            $"Operation cannot be fulfilled on Service \"web\": the UID in the precondition (other) does not match the UID in record ({uid}). The object might have been deleted and then recreated");
        Assert.Equal("Service", (string?)status["details"]!["kind"]);
        await server.GetJsonAsync(Services + "/web");
    }

    [Fact]
    public async Task ResourceVersion_precondition_mismatch_is_409_naming_the_kind()
    {
        await using var server = ApiServer.Start();
        var created = await server.CreateAsync(Pods, Manifests.Pod("p"));
        await HttpAssert.Status(await server.DeleteAsync(Pods + "/p", """{"preconditions":{"resourceVersion":"1"}}"""), 409, "Conflict",
            $"Operation cannot be fulfilled on Pod \"p\": the ResourceVersion in the precondition (1) does not match the ResourceVersion in record ({created.Rv()}). The object might have been modified");
    }

    [Fact]
    public async Task Matching_preconditions_delete()
    {
        await using var server = ApiServer.Start();
        var created = await server.CreateAsync(Services, Manifests.Service("web"));
        await HttpAssert.Json(await server.DeleteAsync(Services + "/web",
            $$$"""{"preconditions":{"uid":"{{{created["metadata"]!["uid"]}}}","resourceVersion":"{{{created.Rv()}}}"}}"""), 200);
        await HttpAssert.Status(await server.GetAsync(Services + "/web"), 404, "NotFound");
    }

    [Fact]
    public async Task Namespace_preconditions_use_the_namespace_registry_wording()
    {
        await using var server = ApiServer.Start();
        var created = await server.CreateAsync(Namespaces, Manifests.Namespace("team"));
        var uid = (string)created["metadata"]!["uid"]!;
        await HttpAssert.Status(await server.DeleteAsync(Namespaces + "/team", """{"preconditions":{"uid":"other"}}"""), 409, "Conflict",
            $"Operation cannot be fulfilled on namespaces \"team\": Precondition failed: UID in precondition: other, UID in object meta: {uid}");
        await HttpAssert.Status(await server.DeleteAsync(Namespaces + "/team", """{"preconditions":{"resourceVersion":"1"}}"""), 409, "Conflict",
            $"Operation cannot be fulfilled on namespaces \"team\": Precondition failed: ResourceVersion in precondition: 1, ResourceVersion in object meta: {created.Rv()}");
    }

    [Fact]
    public async Task Malformed_DeleteOptions_body_is_400()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Services, Manifests.Service("web"));
        await HttpAssert.Status(await server.DeleteAsync(Services + "/web", "{not json"), 400, "BadRequest");
        await HttpAssert.Status(await server.DeleteAsync(Services + "/web", """{"gracePeriodSeconds":"soon"}"""), 400, "BadRequest");
        await server.GetJsonAsync(Services + "/web");
    }

    [Fact]
    public async Task Deleting_a_namespace_marks_it_Terminating()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Namespaces, Manifests.Namespace("team", "\"finalizers\":[\"example.com/hold\"],"));
        var deleted = await HttpAssert.Json(await server.DeleteAsync(Namespaces + "/team"), 200);
        Assert.Equal("Namespace", (string?)deleted["kind"]);
        Assert.Equal("Terminating", (string?)deleted["status"]!["phase"]);
        Assert.NotNull(deleted["metadata"]!["deletionTimestamp"]);
    }

    [Theory]
    [InlineData("default")]
    [InlineData("kube-system")]
    [InlineData("kube-public")]
    public async Task Immortal_namespaces_cannot_be_deleted(string name)
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Status(await server.DeleteAsync(Namespaces + "/" + name), 403, "Forbidden",
            $"namespaces \"{name}\" is forbidden: this namespace may not be deleted");
    }

    [Fact]
    public async Task Deletecollection_answers_the_list_of_what_was_deleted()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Services, Manifests.Service("a", """{"app":"web"}"""));
        await server.CreateAsync(Services, Manifests.Service("b", """{"app":"web"}"""));
        await server.CreateAsync(Services, Manifests.Service("c", """{"app":"db"}"""));
        var revision = server.Revision();
        var deleted = await HttpAssert.Json(await server.DeleteAsync(Services + "?labelSelector=app%3Dweb"), 200);
        Assert.Equal("ServiceList", (string?)deleted["kind"]);
        Assert.Equal(["a", "b"], deleted.Names());
        Assert.Equal(revision + 2, server.Revision());
        Assert.Equal(["c", "kubernetes"], (await server.GetJsonAsync(Services)).Names());
    }

    [Fact]
    public async Task Deletecollection_with_a_field_selector()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(EndpointsPath, Manifests.Endpoints("a"));
        await server.CreateAsync(EndpointsPath, Manifests.Endpoints("b"));
        var deleted = await HttpAssert.Json(await server.DeleteAsync(EndpointsPath + "?fieldSelector=metadata.name%3Db"), 200);
        Assert.Equal("EndpointsList", (string?)deleted["kind"]);
        Assert.Equal(["b"], deleted.Names());
        Assert.Equal(["a"], (await server.GetJsonAsync(EndpointsPath)).Names());
    }

    [Fact]
    public async Task Deletecollection_of_nothing_is_an_empty_list()
    {
        await using var server = ApiServer.Start();
        var response = await server.DeleteAsync(Pods);
        var deleted = await HttpAssert.Json(response, 200);
        Assert.Equal("PodList", (string?)deleted["kind"]);
        Assert.Empty(deleted["items"]!.AsArray());
    }

    [Fact]
    public async Task Deletecollection_with_a_bad_selector_is_400()
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Status(await server.DeleteAsync(Pods + "?fieldSelector=spec.foo%3Dx"), 400, "BadRequest", "field label not supported: spec.foo");
    }

    [Fact]
    public async Task Namespaces_have_no_deletecollection()
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Status(await server.DeleteAsync(Namespaces), 405, "MethodNotAllowed",
            "the server does not allow this method on the requested resource");
        Assert.Equal(4, (await server.GetJsonAsync(Namespaces)).Names().Count);
    }
}
