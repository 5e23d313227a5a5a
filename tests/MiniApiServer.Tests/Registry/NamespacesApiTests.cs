using System.Text.Json.Nodes;
using static MiniApiServer.Tests.Registry.KindApi;

namespace MiniApiServer.Tests.Registry;

/// <summary>Namespaces over HTTP: creation defaults, the name label, /finalize, termination and the namespace controller.</summary>
public sealed class NamespacesApiTests
{
    private const string Namespaces = "/api/v1/namespaces";
    private static readonly TimeSpan ControllerTimeout = TimeSpan.FromSeconds(15);

    private static string Namespace(string name, string extraMeta = "", string rest = "") =>
        $$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{name}}"{{extraMeta}}}{{rest}}}""";

    private static async Task<JsonObject> CreateNamespace(ApiServer server, string name) =>
        await HttpAssert.Json(await server.PostAsync(Namespaces, Namespace(name)), 201);

    private static Task WaitUntilGone(ApiServer server, string path) =>
        Eventually(async () => await StatusOf(server, path) == 404, ControllerTimeout, path + " to be removed");

    [Fact]
    public async Task Create_sets_active_phase_finalizer_and_name_label()
    {
        await using var server = ApiServer.Start();
        var created = await CreateNamespace(server, "team-a");
        Assert.Equal("Namespace", Str(created["kind"]));
        AssertJson("""{"phase":"Active"}""", created["status"]!);
        AssertJson("""{"finalizers":["kubernetes"]}""", created["spec"]!);
        AssertJson("""{"kubernetes.io/metadata.name":"team-a"}""", created["metadata"]!["labels"]!);
        var stored = await HttpAssert.Json(await server.GetAsync(Namespaces + "/team-a"), 200);
        Assert.Equal(created.ToJsonString(), stored.ToJsonString());
    }

    [Fact]
    public async Task Client_status_and_name_label_are_overridden_on_create()
    {
        await using var server = ApiServer.Start();
        var body = Namespace("team-a", ""","labels":{"kubernetes.io/metadata.name":"other","team":"a"}""", ""","status":{"phase":"Terminating"}""");
        var created = await HttpAssert.Json(await server.PostAsync(Namespaces, body), 201);
        Assert.Equal("Active", Str(created["status"]!["phase"]));
        Assert.Equal("team-a", Str(created["metadata"]!["labels"]!["kubernetes.io/metadata.name"]));
        Assert.Equal("a", Str(created["metadata"]!["labels"]!["team"]));
    }

    [Fact]
    public async Task Name_label_cannot_be_removed()
    {
        await using var server = ApiServer.Start();
        await CreateNamespace(server, "team-a");
        var put = await HttpAssert.Json(await server.PutAsync(Namespaces + "/team-a", Namespace("team-a", ""","labels":{"team":"a"}""")), 200);
        AssertJson("""{"kubernetes.io/metadata.name":"team-a","team":"a"}""", put["metadata"]!["labels"]!);
        var patched = await HttpAssert.Json(await server.PatchAsync(Namespaces + "/team-a", """{"metadata":{"labels":{"kubernetes.io/metadata.name":null}}}"""), 200);
        Assert.Equal("team-a", Str(patched["metadata"]!["labels"]!["kubernetes.io/metadata.name"]));
        var changed = await HttpAssert.Json(await server.PatchAsync(Namespaces + "/team-a", """{"metadata":{"labels":{"kubernetes.io/metadata.name":"x"}}}"""), 200);
        Assert.Equal("team-a", Str(changed["metadata"]!["labels"]!["kubernetes.io/metadata.name"]));
    }

    [Fact]
    public async Task Put_keeps_the_stored_finalizers_and_status()
    {
        await using var server = ApiServer.Start();
        var created = await CreateNamespace(server, "team-a");
        var updated = await HttpAssert.Json(await server.PutAsync(Namespaces + "/team-a",
            Namespace("team-a", "", ""","spec":{"finalizers":[]},"status":{"phase":"Terminating"}""")), 200);
        AssertJson("""{"finalizers":["kubernetes"]}""", updated["spec"]!);
        AssertJson("""{"phase":"Active"}""", updated["status"]!);
        Assert.Equal(Str(created["metadata"]!["resourceVersion"]), Str(updated["metadata"]!["resourceVersion"]));
    }

    [Fact]
    public async Task Finalize_changes_only_the_spec_finalizers()
    {
        await using var server = ApiServer.Start();
        await CreateNamespace(server, "team-a");
        var body = Namespace("team-a", "", ""","spec":{"finalizers":["kubernetes","example.com/cleanup"]},"status":{"phase":"Terminating"}""");
        var finalized = await HttpAssert.Json(await server.PutAsync(Namespaces + "/team-a/finalize", body), 200);
        AssertJson("""{"finalizers":["kubernetes","example.com/cleanup"]}""", finalized["spec"]!);
        AssertJson("""{"phase":"Active"}""", finalized["status"]!);
        var stored = await HttpAssert.Json(await server.GetAsync(Namespaces + "/team-a"), 200);
        Assert.Equal(finalized.ToJsonString(), stored.ToJsonString());
    }

    [Fact]
    public async Task Finalize_rejects_an_unqualified_unknown_finalizer()
    {
        await using var server = ApiServer.Start();
        await CreateNamespace(server, "team-a");
        await Invalid(await server.PutAsync(Namespaces + "/team-a/finalize", Namespace("team-a", "", ""","spec":{"finalizers":["kubernetes","custom"]}""")),
            "Namespace", "team-a", "spec.finalizers[1]: Invalid value: \"custom\": name is neither a standard finalizer name nor is it fully qualified");
    }

    [Fact]
    public async Task Body_namespace_is_ignored_for_a_cluster_scoped_kind()
    {
        await using var server = ApiServer.Start();
        var created = await HttpAssert.Json(await server.PostAsync(Namespaces, Namespace("team-a", ""","namespace":"default" """)), 201);
        Assert.Null(created["metadata"]!["namespace"]);
        var updated = await HttpAssert.Json(await server.PutAsync(Namespaces + "/team-a", Namespace("team-a", ""","namespace":"kube-system","labels":{"a":"b"}""")), 200);
        Assert.Null(updated["metadata"]!["namespace"]);
        Assert.Equal("b", Str(updated["metadata"]!["labels"]!["a"]));
    }

    [Fact]
    public async Task Put_to_a_missing_namespace_is_not_found()
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Status(await server.PutAsync(Namespaces + "/team-a", Namespace("team-a")), 404, "NotFound", "namespaces \"team-a\" not found");
    }

    [Fact]
    public async Task Creating_in_a_missing_namespace_is_not_found()
    {
        await using var server = ApiServer.Start();
        var status = await HttpAssert.Status(await server.PostAsync(Namespaces + "/nope/services", """{"metadata":{"name":"web"},"spec":{"ports":[{"port":80}]}}"""),
            404, "NotFound", "namespaces \"nope\" not found");
        AssertJson("""{"name":"nope","kind":"namespaces"}""", status["details"]!);
    }

    [Theory]
    [InlineData("default")]
    [InlineData("kube-system")]
    [InlineData("kube-public")]
    public async Task System_namespaces_may_not_be_deleted(string name)
    {
        await using var server = ApiServer.Start();
        var status = await HttpAssert.Status(await server.DeleteAsync($"{Namespaces}/{name}"), 403, "Forbidden",
            $"namespaces \"{name}\" is forbidden: this namespace may not be deleted");
        Assert.Equal(name, Str(status["details"]!["name"]));
        Assert.Equal("namespaces", Str(status["details"]!["kind"]));
        var ns = await HttpAssert.Json(await server.GetAsync($"{Namespaces}/{name}"), 200);
        Assert.Equal("Active", Str(ns["status"]!["phase"]));
        Assert.Null(ns["metadata"]!["deletionTimestamp"]);
    }

    [Fact]
    public async Task Delete_marks_terminating_and_blocks_new_content()
    {
        await using var server = ApiServer.Start();
        await CreateNamespace(server, "team-a");
        // A pod held by a finalizer keeps the namespace terminating until the test lets go.
        await HttpAssert.Json(await server.PostAsync(Namespaces + "/team-a/pods",
            """{"metadata":{"name":"held","finalizers":["example.com/hold"]},"spec":{"containers":[{"name":"app","image":"nginx"}]}}"""), 201);

        var deleted = await HttpAssert.Json(await server.DeleteAsync(Namespaces + "/team-a"), 200);
        Assert.Equal("Namespace", Str(deleted["kind"]));
        Assert.Equal("Terminating", Str(deleted["status"]!["phase"]));
        Assert.NotNull(deleted["metadata"]!["deletionTimestamp"]);

        var status = await HttpAssert.Status(await server.PostAsync(Namespaces + "/team-a/services", """{"metadata":{"name":"web"},"spec":{"ports":[{"port":80}]}}"""),
            403, "Forbidden", "services \"web\" is forbidden: unable to create new content in namespace team-a because it is being terminated");
        AssertJson(
            """{"name":"web","kind":"services","causes":[{"reason":"NamespaceTerminating","message":"namespace team-a is being terminated","field":"metadata.namespace"}]}""",
            status["details"]);

        // The controller deletes the pod, which its finalizer keeps; so the namespace stays.
        await Eventually(async () =>
        {
            var pod = await HttpAssert.Json(await server.GetAsync(Namespaces + "/team-a/pods/held"), 200);
            return pod["metadata"]!["deletionTimestamp"] is not null;
        }, ControllerTimeout, "the held pod to be marked for deletion");
        var terminating = await HttpAssert.Json(await server.GetAsync(Namespaces + "/team-a"), 200);
        Assert.Equal("Terminating", Str(terminating["status"]!["phase"]));

        // A second DELETE while the kubernetes finalizer remains changes nothing.
        var again = await HttpAssert.Json(await server.DeleteAsync(Namespaces + "/team-a"), 200);
        Assert.Equal(Str(terminating["metadata"]!["resourceVersion"]), Str(again["metadata"]!["resourceVersion"]));

        await HttpAssert.Json(await server.PatchAsync(Namespaces + "/team-a/pods/held", """{"metadata":{"finalizers":null}}"""), 200);
        await WaitUntilGone(server, Namespaces + "/team-a");
    }

    [Fact]
    public async Task Namespace_controller_removes_the_content_then_the_namespace()
    {
        await using var server = ApiServer.Start();
        await CreateNamespace(server, "team-a");
        var ns = Namespaces + "/team-a";
        await HttpAssert.Json(await server.PostAsync(ns + "/services", """{"metadata":{"name":"web"},"spec":{"selector":{"app":"web"},"ports":[{"port":80}]}}"""), 201);
        await HttpAssert.Json(await server.PostAsync(ns + "/services", """{"metadata":{"name":"my-service"},"spec":{"ports":[{"port":80,"targetPort":9376}]}}"""), 201);
        await HttpAssert.Json(await server.PostAsync(ns + "/endpoints",
            """{"metadata":{"name":"my-service"},"subsets":[{"addresses":[{"ip":"192.0.2.42"}],"ports":[{"port":9376}]}]}"""), 201);
        await HttpAssert.Json(await server.PostAsync(ns + "/endpoints",
            """{"metadata":{"name":"orphan"},"subsets":[{"addresses":[{"ip":"192.0.2.43"}],"ports":[{"port":9376}]}]}"""), 201);
        await HttpAssert.Json(await server.PostAsync(ns + "/pods", """{"metadata":{"name":"p"},"spec":{"containers":[{"name":"app","image":"nginx"}]}}"""), 201);
        await HttpAssert.Json(await server.PostAsync(Namespaces + "/default/services", """{"metadata":{"name":"web"},"spec":{"ports":[{"port":80}]}}"""), 201);

        await HttpAssert.Json(await server.DeleteAsync(ns), 200);
        await WaitUntilGone(server, ns);

        foreach (var path in new[] { "/services/web", "/services/my-service", "/endpoints/my-service", "/endpoints/orphan", "/pods/p" })
        {
            Assert.Equal(404, await StatusOf(server, ns + path));
        }
        Assert.Empty((await HttpAssert.Json(await server.GetAsync(ns + "/services"), 200))["items"]!.AsArray());
        Assert.Equal(200, await StatusOf(server, Namespaces + "/default/services/web"));
    }

    [Fact]
    public async Task Scheduled_pods_keep_the_namespace_until_their_graceful_deletion_ends()
    {
        await using var server = ApiServer.Start();
        await CreateNamespace(server, "team-a");
        var pod = Namespaces + "/team-a/pods/p";
        await HttpAssert.Json(await server.PostAsync(Namespaces + "/team-a/pods",
            """{"metadata":{"name":"p"},"spec":{"nodeName":"node-1","containers":[{"name":"app","image":"nginx"}]}}"""), 201);

        await HttpAssert.Json(await server.DeleteAsync(Namespaces + "/team-a"), 200);
        await Eventually(async () =>
        {
            var current = await HttpAssert.Json(await server.GetAsync(pod), 200);
            return (long?)current["metadata"]!["deletionGracePeriodSeconds"] == 30;
        }, ControllerTimeout, "the scheduled pod to be deleted gracefully");
        Assert.Equal(200, await StatusOf(server, Namespaces + "/team-a"));

        // What a kubelet does once the containers stopped.
        await HttpAssert.Json(await server.DeleteAsync(pod + "?gracePeriodSeconds=0"), 200);
        await WaitUntilGone(server, Namespaces + "/team-a");
    }

    [Fact]
    public async Task A_deleted_namespace_name_can_be_used_again()
    {
        await using var server = ApiServer.Start();
        var first = await CreateNamespace(server, "team-a");
        await HttpAssert.Json(await server.DeleteAsync(Namespaces + "/team-a"), 200);
        await WaitUntilGone(server, Namespaces + "/team-a");
        var second = await CreateNamespace(server, "team-a");
        Assert.NotEqual(Str(first["metadata"]!["uid"]), Str(second["metadata"]!["uid"]));
        Assert.Equal("Active", Str(second["status"]!["phase"]));
    }
}
