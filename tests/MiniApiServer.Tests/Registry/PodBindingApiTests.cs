using System.Text.Json.Nodes;
using MiniApiServer.Tests.Api;
using MiniApiServer.Tests.Api.Watch;
using static MiniApiServer.Tests.Registry.KindApi;

namespace MiniApiServer.Tests.Registry;

/// <summary>
/// The pod binding subresource over HTTP, as the scheduler uses it (pkg/registry/core/pod/storage/storage.go
/// BindingREST): <c>pods/{name}/binding</c> and the legacy <c>bindings</c> collection, what a binding changes, and
/// every refusal with upstream's code and words.
/// </summary>
public sealed class PodBindingApiTests
{
    private const string Pods = "/api/v1/namespaces/default/pods";
    private const string Bindings = "/api/v1/namespaces/default/bindings";

    private static string Binding(string name = "p", string node = "n1", string metadataExtra = "", string? target = null) =>
        $$"""{"apiVersion":"v1","kind":"Binding","metadata":{{{metadataExtra}}"name":"{{name}}"},"target":{{target ?? $$"""{"apiVersion":"v1","kind":"Node","name":"{{node}}"}"""}}}""";

    private static string Pod(string name = "p", string extraMeta = "", string extraSpec = "") =>
        $$$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}"{{{extraMeta}}}},"spec":{"containers":[{"name":"app","image":"nginx"}]{{{extraSpec}}}}}""";

    private static Task<HttpResponseMessage> Bind(ApiServer server, string body, string pod = "p", string query = "") =>
        server.PostAsync($"{Pods}/{pod}/binding{query}", body);

    private static async Task<JsonObject> BindingConflict(HttpResponseMessage response, string why, string pod = "p")
    {
        var status = await HttpAssert.Status(response, 409, "Conflict", $"Operation cannot be fulfilled on pods/binding \"{pod}\": {why}");
        AssertJson($$"""{"name":"{{pod}}","kind":"pods/binding"}""", status["details"]);
        return status;
    }

    [Fact]
    public async Task A_binding_assigns_the_pod_merges_its_annotations_and_marks_it_scheduled()
    {
        await using var server = ApiServer.Start();
        var created = await server.CreateAsync(Pods, Pod(extraMeta: ""","annotations":{"a":"pod","keep":"yes"}"""));

        var response = await Bind(server, Binding(metadataExtra: "\"annotations\":{\"a\":\"binding\",\"b\":\"new\"},"));
        var status = await HttpAssert.Json(response, 201);
        AssertJson("""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Success","code":201}""", status);

        var pod = await server.GetJsonAsync(Pods + "/p");
        Assert.Equal("n1", Str(pod["spec"]!["nodeName"]));
        AssertJson("""{"a":"binding","b":"new","keep":"yes"}""", pod["metadata"]!["annotations"]);
        var scheduled = pod["status"]!["conditions"]!.AsArray().Single(c => Str(c!["type"]) == "PodScheduled")!;
        Assert.Equal("True", Str(scheduled["status"]));
        Assert.NotNull(scheduled["lastTransitionTime"]);
        Assert.Null(scheduled["reason"]);
        // Written past the pod strategy, as upstream: the status stays otherwise, and the generation does not move.
        Assert.Equal(("Pending", 1L), (Str(pod["status"]!["phase"]), (long)pod["metadata"]!["generation"]!));
        Assert.True(pod.RvNumber() > created.RvNumber());
    }

    [Fact]
    public async Task The_legacy_bindings_collection_binds_the_pod_the_body_names()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Pods, Pod("web-1"));
        AssertJson("""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Success","code":201}""",
            await HttpAssert.Json(await server.PostAsync(Bindings, Binding("web-1", "n2")), 201));
        Assert.Equal("n2", Str((await server.GetJsonAsync(Pods + "/web-1"))["spec"]!["nodeName"]));
        await HttpAssert.Status(await server.PostAsync(Bindings, Binding("absent")), 404, "NotFound", "pods \"absent\" not found");
        await HttpAssert.Status(await server.PostAsync(Bindings, """{"target":{"name":"n1"}}"""), 400, "BadRequest", "Name parameter required.");
    }

    [Fact]
    public async Task A_pod_already_assigned_is_a_conflict_on_pods_binding()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Pods, Pod());
        await HttpAssert.Json(await Bind(server, Binding()), 201);
        await BindingConflict(await Bind(server, Binding(node: "n2")), "pod p is already assigned to node \"n1\"");
        await server.CreateAsync(Pods, Pod("q", extraSpec: ""","nodeName":"n3" """));
        await BindingConflict(await Bind(server, Binding("q"), "q"), "pod q is already assigned to node \"n3\"", "q");
        Assert.Equal("n1", Str((await server.GetJsonAsync(Pods + "/p"))["spec"]!["nodeName"]));
    }

    [Fact]
    public async Task A_pod_being_deleted_cannot_be_assigned()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Pods, Pod(extraMeta: ""","finalizers":["example.com/hold"]"""));
        var terminating = await HttpAssert.Json(await server.DeleteAsync(Pods + "/p"), 200);
        Assert.NotNull(terminating["metadata"]!["deletionTimestamp"]);
        await BindingConflict(await Bind(server, Binding()), "pod p is being deleted, cannot be assigned to a host");
        Assert.Null((await server.GetJsonAsync(Pods + "/p"))["spec"]!["nodeName"]);
    }

    [Fact]
    public async Task A_pod_held_by_scheduling_gates_cannot_be_assigned()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Pods, Pod(extraSpec: ""","schedulingGates":[{"name":"example.com/wait"}]"""));
        await BindingConflict(await Bind(server, Binding()), "pod p has non-empty .spec.schedulingGates");
    }

    [Fact]
    public async Task Binding_a_missing_pod_is_404()
    {
        await using var server = ApiServer.Start();
        var status = await HttpAssert.Status(await Bind(server, Binding("absent"), "absent"), 404, "NotFound", "pods \"absent\" not found");
        AssertJson("""{"name":"absent","kind":"pods"}""", status["details"]);
    }

    [Fact]
    public async Task A_binding_named_otherwise_than_the_url_is_400()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Pods, Pod());
        await HttpAssert.Status(await Bind(server, Binding("q")), 400, "BadRequest", "name in URL does not match name in Binding object");
    }

    [Theory]
    [InlineData("""{"kind":"Pod","name":"n1"}""", "target.kind: Unsupported value: \"Pod\": supported values: \"Node\", \"<empty>\"")]
    [InlineData("""{"kind":"Node"}""", "target.name: Required value")]
    [InlineData("""{"kind":"Service"}""", "[target.kind: Unsupported value: \"Service\": supported values: \"Node\", \"<empty>\", target.name: Required value]")]
    public async Task The_target_must_be_a_named_node(string target, string message)
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Pods, Pod());
        await HttpAssert.Status(await Bind(server, Binding(target: target)), 400, "BadRequest", message);
        Assert.Null((await server.GetJsonAsync(Pods + "/p"))["spec"]!["nodeName"]);
    }

    [Fact]
    public async Task A_target_without_a_kind_is_a_node()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Pods, Pod());
        await HttpAssert.Json(await Bind(server, Binding(target: """{"name":"n1"}""")), 201);
    }

    [Fact]
    public async Task The_body_must_be_a_binding_of_the_requests_namespace()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Pods, Pod());
        await HttpAssert.Status(await Bind(server, Pod()), 400, "BadRequest",
            "Pod in version \"v1\" cannot be handled as a Binding: converting (v1.Pod) to (core.Binding): unknown conversion");
        await HttpAssert.Status(await Bind(server, Binding(metadataExtra: "\"namespace\":\"other\",")), 400, "BadRequest",
            "the namespace of the provided object does not match the namespace sent on the request");
        await HttpAssert.Status(await server.PostAsync("/api/v1/namespaces/absent/pods/p/binding", Binding()), 404, "NotFound", "namespaces \"absent\" not found");
    }

    [Fact]
    public async Task The_bindings_uid_and_resource_version_are_preconditions()
    {
        await using var server = ApiServer.Start();
        var pod = await server.CreateAsync(Pods, Pod());
        var uid = Str(pod["metadata"]!["uid"]);
        await HttpAssert.Status(await Bind(server, Binding(metadataExtra: "\"uid\":\"other\",")), 409, "Conflict",
            $"Operation cannot be fulfilled on pods \"p\": StorageError: invalid object, Code: 4, Key: /registry/pods/default/p, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: UID in precondition: other, UID in object meta: {uid}");
        await HttpAssert.Status(await Bind(server, Binding(metadataExtra: "\"resourceVersion\":\"1\",")), 409, "Conflict",
            $"Operation cannot be fulfilled on pods \"p\": StorageError: invalid object, Code: 4, Key: /registry/pods/default/p, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: ResourceVersion in precondition: 1, ResourceVersion in object meta: {pod.Rv()}");
        await HttpAssert.Json(await Bind(server, Binding(metadataExtra: $"\"uid\":\"{uid}\",\"resourceVersion\":\"{pod.Rv()}\",")), 201);
        // The legacy collection is no subresource: the create handler wipes both, so they bind nothing.
        await server.CreateAsync(Pods, Pod("q"));
        await HttpAssert.Json(await server.PostAsync(Bindings, Binding("q", metadataExtra: "\"uid\":\"other\",\"resourceVersion\":\"1\",")), 201);
    }

    [Fact]
    public async Task An_unschedulable_condition_is_replaced_by_scheduled()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Pods, Pod());
        await HttpAssert.Json(await server.PatchAsync(Pods + "/p/status",
            """{"status":{"conditions":[{"type":"PodScheduled","status":"False","reason":"Unschedulable","message":"0/1 nodes are available","lastTransitionTime":"2026-01-01T00:00:00Z"}]}}"""), 200);
        await HttpAssert.Json(await Bind(server, Binding()), 201);
        var condition = (await server.GetJsonAsync(Pods + "/p"))["status"]!["conditions"]![0]!;
        Assert.Equal(("PodScheduled", "True", null, null), (Str(condition["type"]), Str(condition["status"]), Str(condition["reason"]), Str(condition["message"])));
        Assert.NotEqual("2026-01-01T00:00:00Z", Str(condition["lastTransitionTime"]));
    }

    [Fact]
    public async Task A_dry_run_binding_changes_nothing()
    {
        await using var server = ApiServer.Start();
        var pod = await server.CreateAsync(Pods, Pod());
        await HttpAssert.Json(await Bind(server, Binding(), query: "?dryRun=All"), 201);
        var stored = await server.GetJsonAsync(Pods + "/p");
        Assert.Equal(pod.Rv(), stored.Rv());
        Assert.Null(stored["spec"]!["nodeName"]);
    }

    [Fact]
    public async Task Concurrent_bindings_assign_the_pod_once()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Pods, Pod());
        var responses = await Task.WhenAll(Enumerable.Range(1, 8).Select(i => Bind(server, Binding(node: $"n{i}"))));
        Assert.Single(responses, r => (int)r.StatusCode == 201);
        var node = Str((await server.GetJsonAsync(Pods + "/p"))["spec"]!["nodeName"]);
        foreach (var lost in responses.Where(r => (int)r.StatusCode != 201))
        {
            await BindingConflict(lost, $"pod p is already assigned to node \"{node}\"");
        }
    }

    [Fact]
    public async Task A_watch_sees_the_binding_as_a_modification()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Pods, Pod());
        await using var watch = await WatchStream.OpenAsync(server, Pods + "?watch=true&fieldSelector=spec.nodeName%3Dn1");
        await HttpAssert.Json(await Bind(server, Binding()), 201);
        var added = await watch.ExpectAsync();
        Assert.Equal(("ADDED", "n1"), (Str(added["type"]), Str(added["object"]!["spec"]!["nodeName"])));
    }

    [Fact]
    public async Task Binding_in_a_terminating_namespace_is_forbidden()
    {
        await using var server = ApiServer.Start();
        await server.CreateNamespaceAsync("team-a");
        await HttpAssert.Json(await server.PostAsync("/api/v1/namespaces/team-a/pods", Pod("held", ""","finalizers":["example.com/hold"]""")), 201);
        await HttpAssert.Json(await server.DeleteAsync(ApiTestKit.Namespaces + "/team-a"), 200);
        var status = await HttpAssert.Status(await server.PostAsync("/api/v1/namespaces/team-a/pods/held/binding", Binding("held")), 403, "Forbidden",
            "pods \"held\" is forbidden: unable to create new content in namespace team-a because it is being terminated");
        Assert.Equal("NamespaceTerminating", Str(status["details"]!["causes"]![0]!["reason"]));
        await HttpAssert.Status(await server.PostAsync("/api/v1/namespaces/team-a/bindings", Binding("held")), 403, "Forbidden",
            "bindings \"held\" is forbidden: unable to create new content in namespace team-a because it is being terminated");
    }

    [Fact]
    public async Task Only_post_is_served_on_the_binding()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Pods, Pod());
        await HttpAssert.Status(await server.GetAsync(Pods + "/p/binding"), 405, "MethodNotAllowed");
        await HttpAssert.Status(await server.GetAsync(Bindings), 405, "MethodNotAllowed");
    }
}
