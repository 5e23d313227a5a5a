using System.Text.RegularExpressions;
using static MiniApiServer.Tests.Api.ApiTestKit;

namespace MiniApiServer.Tests.Api;

/// <summary>POST on a collection (k8s-semantics.md §1.7, §2.2, §2.6).</summary>
public sealed partial class CreateTests
{
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")]
    private static partial Regex WholeSecondsUtc();

    [Fact]
    public async Task Create_is_201_with_uid_creationTimestamp_and_resourceVersion_set()
    {
        await using var server = ApiServer.Start();
        var before = server.Revision();
        var created = await server.CreateAsync(Services, Manifests.Service("web"));
        Assert.Equal("Service", (string?)created["kind"]);
        Assert.Equal("v1", (string?)created["apiVersion"]);
        var meta = created["metadata"]!;
        Assert.Equal("default", (string?)meta["namespace"]);
        Assert.True(Guid.TryParse((string?)meta["uid"], out _));
        Assert.Matches(WholeSecondsUtc(), (string)meta["creationTimestamp"]!);
        Assert.Equal(before + 1, created.RvNumber());
        Assert.Equal(before + 1, server.Revision());
    }

    [Fact]
    public async Task Created_object_is_what_a_later_get_returns()
    {
        await using var server = ApiServer.Start();
        var created = await server.CreateAsync(Pods, Manifests.Pod("p"));
        var fetched = await server.GetJsonAsync(Pods + "/p");
        Assert.Equal(created.ToJsonString(), fetched.ToJsonString());
    }

    [Fact]
    public async Task Client_uid_creationTimestamp_and_deletion_fields_are_ignored()
    {
        await using var server = ApiServer.Start();
        var created = await server.CreateAsync(Services, """
            {"metadata":{"name":"web","uid":"11111111-1111-1111-1111-111111111111","creationTimestamp":"2001-01-01T00:00:00Z",
             "deletionTimestamp":"2001-01-01T00:00:00Z","deletionGracePeriodSeconds":30,"selfLink":"/x"},
             "spec":{"ports":[{"port":80}]}}
            """);
        var meta = created["metadata"]!.AsObject();
        Assert.NotEqual("11111111-1111-1111-1111-111111111111", (string?)meta["uid"]);
        Assert.NotEqual("2001-01-01T00:00:00Z", (string?)meta["creationTimestamp"]);
        Assert.False(meta.ContainsKey("deletionTimestamp"));
        Assert.False(meta.ContainsKey("deletionGracePeriodSeconds"));
        Assert.False(meta.ContainsKey("selfLink"));
    }

    [Fact]
    public async Task Kind_and_apiVersion_may_be_omitted()
    {
        await using var server = ApiServer.Start();
        var created = await server.CreateAsync(Services, """{"metadata":{"name":"web"},"spec":{"ports":[{"port":80}]}}""");
        Assert.Equal("Service", (string?)created["kind"]);
        Assert.Equal("v1", (string?)created["apiVersion"]);
    }

    [Fact]
    public async Task GenerateName_appends_five_random_characters()
    {
        await using var server = ApiServer.Start();
        var created = await server.CreateAsync(Services, """{"metadata":{"generateName":"web-"},"spec":{"ports":[{"port":80}]}}""");
        var name = (string)created["metadata"]!["name"]!;
        Assert.Matches("^web-[bcdfghjklmnpqrstvwxz2456789]{5}$", name);
        Assert.Equal("web-", (string?)created["metadata"]!["generateName"]);
        await server.GetJsonAsync(Services + "/" + name);
    }

    [Fact]
    public async Task GenerateName_prefix_is_truncated_to_58_characters()
    {
        await using var server = ApiServer.Start();
        var prefix = "a" + new string('b', 61);
        var created = await server.CreateAsync(Services, $$$"""{"metadata":{"generateName":"{{{prefix}}}"},"spec":{"ports":[{"port":80}]}}""");
        var name = (string)created["metadata"]!["name"]!;
        Assert.Equal(63, name.Length);
        Assert.StartsWith(prefix[..58], name, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_name_and_generateName_is_422()
    {
        await using var server = ApiServer.Start();
        var status = await HttpAssert.Status(
            await server.PostAsync(Services, """{"metadata":{},"spec":{"ports":[{"port":80}]}}"""), 422, "Invalid",
            "Service \"\" is invalid: metadata.name: Required value: name or generateName is required");
        Assert.Equal("Service", (string?)status["details"]!["kind"]);
        var cause = status["details"]!["causes"]![0]!;
        Assert.Equal("FieldValueRequired", (string?)cause["reason"]);
        Assert.Equal("metadata.name", (string?)cause["field"]);
    }

    [Fact]
    public async Task Another_kind_in_the_body_is_400()
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Status(await server.PostAsync(Services, Manifests.Pod("p")), 400, "BadRequest",
            "Pod in version \"v1\" cannot be handled as a Service: converting (v1.Pod) to (core.Service): unknown conversion");
    }

    [Fact]
    public async Task Another_apiVersion_in_the_body_is_400()
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Status(
            await server.PostAsync(Services, """{"apiVersion":"apps/v1","kind":"Service","metadata":{"name":"web"},"spec":{"ports":[{"port":80}]}}"""),
            400, "BadRequest",
            "Service in version \"v1\" cannot be handled as a Service: no kind \"Service\" is registered for version \"apps/v1\" in scheme \"pkg/api/legacyscheme/scheme.go:30\"");
    }

    [Fact]
    public async Task Unregistered_kind_spelling_is_400_naming_the_scheme()
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Status(
            await server.PostAsync(Pods, """{"apiVersion":"v1","kind":"pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"i"}]}}"""),
            400, "BadRequest",
            "pod in version \"v1\" cannot be handled as a Pod: no kind \"pod\" is registered for version \"v1\" in scheme \"pkg/api/legacyscheme/scheme.go:30\"");
    }

    [Fact]
    public async Task Body_namespace_different_from_the_path_is_400()
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Status(
            await server.PostAsync(Services, """{"metadata":{"name":"web","namespace":"kube-system"},"spec":{"ports":[{"port":80}]}}"""),
            400, "BadRequest", "the namespace of the provided object does not match the namespace sent on the request");
        await HttpAssert.Status(await server.GetAsync("/api/v1/namespaces/kube-system/services/web"), 404, "NotFound");
    }

    [Fact]
    public async Task Body_namespace_equal_to_the_path_is_accepted()
    {
        await using var server = ApiServer.Start();
        var created = await server.CreateAsync(Services, """{"metadata":{"name":"web","namespace":"default"},"spec":{"ports":[{"port":80}]}}""");
        Assert.Equal("default", (string?)created["metadata"]!["namespace"]);
    }

    [Fact]
    public async Task Cluster_scoped_objects_lose_a_body_namespace()
    {
        await using var server = ApiServer.Start();
        var created = await server.CreateAsync(Namespaces, """{"metadata":{"name":"team","namespace":"default"}}""");
        Assert.False(created["metadata"]!.AsObject().ContainsKey("namespace"));
    }

    [Fact]
    public async Task Create_in_a_missing_namespace_is_404_for_the_namespace()
    {
        await using var server = ApiServer.Start();
        var status = await HttpAssert.Status(
            await server.PostAsync("/api/v1/namespaces/nope/services", Manifests.Service("web")), 404, "NotFound", "namespaces \"nope\" not found");
        Assert.Equal("nope", (string?)status["details"]!["name"]);
        Assert.Equal("namespaces", (string?)status["details"]!["kind"]);
    }

    [Fact]
    public async Task Missing_namespace_wins_over_validation_errors()
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Status(
            await server.PostAsync("/api/v1/namespaces/nope/pods", """{"metadata":{"name":"Not_Valid"},"spec":{"containers":[]}}"""),
            404, "NotFound", "namespaces \"nope\" not found");
        await HttpAssert.Status(
            await server.PostAsync("/api/v1/namespaces/nope/services", """{"metadata":{},"spec":{}}"""),
            404, "NotFound", "namespaces \"nope\" not found");
    }

    [Fact]
    public async Task Create_in_a_terminating_namespace_is_403()
    {
        await using var server = ApiServer.Start();
        // A metadata finalizer nobody removes keeps the namespace Terminating.
        await server.CreateAsync(Namespaces, Manifests.Namespace("ending", "\"finalizers\":[\"example.com/hold\"],"));
        var deleted = await HttpAssert.Json(await server.DeleteAsync(Namespaces + "/ending"), 200);
        Assert.Equal("Terminating", (string?)deleted["status"]!["phase"]);
        var status = await HttpAssert.Status(
            await server.PostAsync("/api/v1/namespaces/ending/pods", Manifests.Pod("p")), 403, "Forbidden",
            "pods \"p\" is forbidden: unable to create new content in namespace ending because it is being terminated");
        var details = status["details"]!;
        Assert.Equal("p", (string?)details["name"]);
        Assert.Equal("pods", (string?)details["kind"]);
        var cause = details["causes"]![0]!;
        Assert.Equal("NamespaceTerminating", (string?)cause["reason"]);
        Assert.Equal("namespace ending is being terminated", (string?)cause["message"]);
        Assert.Equal("metadata.namespace", (string?)cause["field"]);
    }

    [Fact]
    public async Task ResourceVersion_in_a_create_body_is_rejected()
    {
        await using var server = ApiServer.Start();
        // Upstream answers 500 from etcd3's Create; the mistake is the client's, so this server says 400.
        await HttpAssert.Status(
            await server.PostAsync(Services, """{"metadata":{"name":"web","resourceVersion":"5"},"spec":{"ports":[{"port":80}]}}"""),
            400, "BadRequest", "resourceVersion should not be set on objects to be created");
        await HttpAssert.Status(await server.GetAsync(Services + "/web"), 404, "NotFound");
    }

    [Fact]
    public async Task Duplicate_name_is_409_AlreadyExists()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Services, Manifests.Service("web"));
        var revision = server.Revision();
        var status = await HttpAssert.Status(await server.PostAsync(Services, Manifests.Service("web")), 409, "AlreadyExists",
            "services \"web\" already exists");
        Assert.Equal("web", (string?)status["details"]!["name"]);
        Assert.Equal("services", (string?)status["details"]!["kind"]);
        Assert.Equal(revision, server.Revision());
    }

    [Fact]
    public async Task Same_name_in_another_namespace_or_kind_is_a_different_object()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Services, Manifests.Service("web"));
        await server.CreateAsync("/api/v1/namespaces/kube-public/services", Manifests.Service("web"));
        await server.CreateAsync(EndpointsPath, Manifests.Endpoints("web"));
    }

    [Fact]
    public async Task Null_inside_lists_and_maps_decodes_to_the_go_zero_value()
    {
        await using var server = ApiServer.Start();
        // Go decodes null map values and list elements as "" and an empty struct.
        var created = await server.CreateAsync(Services, """{"metadata":{"name":"web","labels":{"a":null}},"spec":{"ports":[{"port":80}]}}""");
        Assert.Equal("", created.Label("a"));
        await HttpAssert.Status(await server.PostAsync(Services, """{"metadata":{"name":"web2"},"spec":{"ports":[null]}}"""), 422, "Invalid",
            "Service \"web2\" is invalid: [spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive, spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive]");
    }

    [Fact]
    public async Task Escaped_lone_surrogate_is_400_not_500()
    {
        await using var server = ApiServer.Start();
        var status = await HttpAssert.Status(await server.PostAsync(Services, """{"metadata":{"name":"\ud800"},"spec":{"ports":[{"port":80}]}}"""), 400, "BadRequest");
        Assert.StartsWith("the object provided is unrecognized (must be of type Service): ", (string?)status["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validation_failure_is_422_and_writes_nothing()
    {
        await using var server = ApiServer.Start();
        var revision = server.Revision();
        await HttpAssert.Status(await server.PostAsync(Services, """{"metadata":{"name":"web"},"spec":{"ports":[{"port":0}]}}"""), 422, "Invalid",
            "Service \"web\" is invalid: [spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive, spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive]");
        Assert.Equal(revision, server.Revision());
    }
}
