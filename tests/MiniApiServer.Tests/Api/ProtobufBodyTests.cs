using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MiniApiServer.Api.Codec.Protobuf;
using MiniApiServer.Registry;
using MiniApiServer.Tests.Api.Codec.Protobuf;
using static MiniApiServer.Tests.Api.ApiTestKit;

namespace MiniApiServer.Tests.Api;

/// <summary>
/// POST and PUT bodies in Kubernetes protobuf (kubectl-wire.md §6.2, k8s-semantics.md §10.1) go through the JSON
/// pipeline: stored as the same object sent as JSON, validated and refused alike, answered in JSON.
/// </summary>
public sealed class ProtobufBodyTests
{
    private const string Protobuf = "application/vnd.kubernetes.protobuf";

    /// <summary>What kubectl's typed client sends: protobuf first, JSON as the fallback.</summary>
    private const string KubectlAccept = "application/vnd.kubernetes.protobuf, */*";

    /// <summary>kubectl create namespace x (kubectl-wire.md §6.2).</summary>
    private static readonly byte[] KubectlNamespaceX = ProtobufDecodingTests.Hex(
        "6b 38 73 00 0a 0f 0a 02 76 31 12 09 4e 61 6d 65 73 70 61 63 65 12 19 0a 11 0a 01 78 12 00 1a 00 22 00 2a 00 32 00 38 00 42 00 12 00 1a 02 0a 00 1a 00 22 00");

    /// <summary>
    /// kubectl create service clusterip a --tcp=80:8080, as gogo-protobuf writes it: every non-pointer field, empty
    /// ones included.
    /// </summary>
    private static ProtoWire KubectlService(string type = "ClusterIP", string externalName = "") => new ProtoWire()
        .Message(1, m => m.String(1, "a").String(2, "").String(3, "").String(4, "").String(5, "").String(6, "").Varint(7, 0)
            .Message(8, new ProtoWire()).MapEntry(11, "app", "a"))
        .Message(2, s => s
            .Message(1, p => p.String(1, "80-8080").String(2, "TCP").Varint(3, 80).Message(4, ProtoWire.Int(8080)).Varint(5, 0))
            .MapEntry(2, "app", "a").String(3, "").String(4, type).String(7, "").String(8, "").String(10, externalName)
            .String(11, "").Varint(12, 0).Bool(13, false))
        .Message(3, s => s.Message(1, new ProtoWire()));

    private const string JsonService =
        """{"apiVersion":"v1","kind":"Service","metadata":{"name":"a","labels":{"app":"a"}},"spec":{"ports":[{"name":"80-8080","protocol":"TCP","port":80,"targetPort":8080}],"selector":{"app":"a"},"type":"ClusterIP"}}""";

    private static Task<HttpResponseMessage> Send(ApiServer server, HttpMethod method, string path, byte[] body, string accept = KubectlAccept)
    {
        var request = new HttpRequestMessage(method, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new(Protobuf);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        return server.Client.SendAsync(request);
    }

    /// <summary>The stored object without what differs from one creation to another (a Service's IPs are random).</summary>
    private static string Comparable(JsonObject stored)
    {
        var copy = stored.DeepClone().AsObject();
        if (copy["spec"] is JsonObject spec)
        {
            spec.Remove("clusterIP");
            spec.Remove("clusterIPs");
        }
        var meta = copy["metadata"]!.AsObject();
        meta.Remove("uid");
        meta.Remove("resourceVersion");
        meta.Remove("creationTimestamp");
        foreach (var entry in meta["managedFields"]?.AsArray() ?? [])
        {
            entry!.AsObject().Remove("time");
        }
        return copy.ToJsonString();
    }

    [Fact]
    public async Task Kubectl_create_namespace_body_is_201_and_stored_as_the_json_namespace()
    {
        await using var viaProtobuf = ApiServer.Start();
        await using var viaJson = ApiServer.Start();

        var response = await Send(viaProtobuf, HttpMethod.Post, Namespaces + "?fieldManager=kubectl-create&fieldValidation=Strict", KubectlNamespaceX);
        var created = await HttpAssert.Json(response, 201);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.ToString());
        Assert.Equal("x", (string?)created["metadata"]!["name"]);
        await viaJson.CreateAsync(Namespaces + "?fieldManager=kubectl-create&fieldValidation=Strict", Manifests.Namespace("x"));

        Assert.Equal(Comparable(await viaJson.GetJsonAsync(Namespaces + "/x")), Comparable(await viaProtobuf.GetJsonAsync(Namespaces + "/x")));
    }

    [Fact]
    public async Task Kubectl_create_service_body_is_stored_as_the_json_service()
    {
        await using var viaProtobuf = ApiServer.Start();
        await using var viaJson = ApiServer.Start();

        await HttpAssert.Json(await Send(viaProtobuf, HttpMethod.Post, Services + "?fieldManager=kubectl-create&fieldValidation=Strict",
            ProtoWire.Envelope("v1", "Service", KubectlService())), 201);
        await viaJson.CreateAsync(Services + "?fieldManager=kubectl-create&fieldValidation=Strict", JsonService);

        var fromProtobuf = await viaProtobuf.GetJsonAsync(Services + "/a");
        var fromJson = await viaJson.GetJsonAsync(Services + "/a");
        Assert.Equal("ClusterIP", (string?)fromProtobuf["spec"]!["type"]);
        Assert.Equal(8080, (int?)fromProtobuf["spec"]!["ports"]![0]!["targetPort"]);
        Assert.Equal(Comparable(fromJson), Comparable(fromProtobuf));
    }

    [Fact]
    public async Task Put_with_a_protobuf_body_updates()
    {
        await using var server = ApiServer.Start();
        await server.CreateNamespaceAsync("x");
        var ns = new ProtoWire().Message(1, m => m.String(1, "x").MapEntry(11, "team", "blue"));

        var updated = await HttpAssert.Json(await Send(server, HttpMethod.Put, Namespaces + "/x", ProtoWire.Envelope("v1", "Namespace", ns)), 200);

        Assert.Equal("blue", updated.Label("team"));
    }

    [Fact]
    public async Task Binding_body_in_protobuf_binds_the_pod()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Pods, Manifests.Pod("p"));
        var binding = new ProtoWire()
            .Message(1, m => m.String(1, "p"))
            .Message(2, t => t.String(1, "Node").String(3, "node-1"));

        await HttpAssert.Json(await Send(server, HttpMethod.Post, Pods + "/p/binding", ProtoWire.Envelope("v1", "Binding", binding)), 201);

        Assert.Equal("node-1", (string?)(await server.GetJsonAsync(Pods + "/p"))["spec"]!["nodeName"]);
    }

    [Fact]
    public async Task Invalid_object_is_refused_as_its_json_is()
    {
        await using var server = ApiServer.Start();
        var service = new ProtoWire().Message(1, m => m.String(1, "a")).Message(2, s => s.String(4, "ClusterIP"));

        var fromProtobuf = await HttpAssert.Status(await Send(server, HttpMethod.Post, Services, ProtoWire.Envelope("v1", "Service", service)), 422, "Invalid");
        var fromJson = await HttpAssert.Status(await server.PostAsync(Services, """{"metadata":{"name":"a"},"spec":{"type":"ClusterIP"}}"""), 422, "Invalid");

        Assert.Equal(fromJson.ToJsonString(), fromProtobuf.ToJsonString());
    }

    [Theory]
    [InlineData("68 65 6c 6c 6f", "provided data does not appear to be a protobuf message, expected prefix [107 56 115 0] (68656c6c6f)")]
    [InlineData("", "empty data (<empty>)")]
    [InlineData("6b 38 73 00", "empty body (6b387300)")]
    [InlineData("6b 38 73 00 0a 0f 0a 02 76 31", "unexpected EOF (6b3873000a0f0a027631)")]
    public async Task Unreadable_envelope_is_400_unrecognized(string hex, string detail)
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Status(await Send(server, HttpMethod.Post, Namespaces, ProtobufDecodingTests.Hex(hex)), 400, "BadRequest",
            "the object provided is unrecognized (must be of type Namespace): " + detail);
    }

    [Fact]
    public async Task Json_sent_as_protobuf_is_400_with_its_text()
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Status(await Send(server, HttpMethod.Post, Namespaces, """{"kind":"Namespace"}"""u8.ToArray()), 400, "BadRequest",
            """the object provided is unrecognized (must be of type Namespace): provided data does not appear to be a protobuf message, expected prefix [107 56 115 0] ({"kind":"Namespace"})""");
    }

    [Fact]
    public async Task Unreadable_object_is_400_naming_its_kind()
    {
        await using var server = ApiServer.Start();
        var truncated = new ProtoWire().Bytes(1, [0x0a, 0x05, 0x78]);

        await HttpAssert.Status(await Send(server, HttpMethod.Post, Namespaces, ProtoWire.Envelope("v1", "Namespace", truncated)), 400, "BadRequest",
            "Namespace in version \"v1\" cannot be handled as a Namespace: unexpected EOF");
    }

    [Fact]
    public async Task Other_kind_in_the_envelope_is_refused_as_in_json()
    {
        await using var server = ApiServer.Start();
        var pod = new ProtoWire().Message(1, m => m.String(1, "a"));

        await HttpAssert.Status(await Send(server, HttpMethod.Post, Services, ProtoWire.Envelope("v1", "Pod", pod)), 400, "BadRequest",
            "Pod in version \"v1\" cannot be handled as a Service: converting (v1.Pod) to (core.Service): unknown conversion");
        await HttpAssert.Status(await Send(server, HttpMethod.Post, Services, ProtoWire.Envelope("v1", "Widget", pod)), 400, "BadRequest",
            "Widget in version \"v1\" cannot be handled as a Service: no kind \"Widget\" is registered for version \"v1\" in scheme \"pkg/api/legacyscheme/scheme.go:30\"");
    }

    [Fact]
    public async Task Envelope_without_kind_and_version_takes_the_paths()
    {
        await using var server = ApiServer.Start();
        var lease = new ProtoWire().Message(1, m => m.String(1, "l")).Message(2, s => s.String(1, "me").Varint(2, 15));

        var created = await HttpAssert.Json(await Send(server, HttpMethod.Post, "/apis/coordination.k8s.io/v1/namespaces/default/leases",
            ProtoWire.Envelope("", "", lease)), 201);

        Assert.Equal("coordination.k8s.io/v1", (string?)created["apiVersion"]);
        Assert.Equal("me", (string?)created["spec"]!["holderIdentity"]);
    }

    [Fact]
    public async Task Protobuf_only_accept_is_406_and_nothing_is_stored()
    {
        await using var server = ApiServer.Start();
        var revision = server.Revision();

        await HttpAssert.Status(await Send(server, HttpMethod.Post, Namespaces, KubectlNamespaceX, accept: Protobuf), 406, "NotAcceptable",
            "only the following media types are accepted: application/json, application/yaml");

        Assert.Equal(revision, server.Revision());
    }

    [Fact]
    public async Task Unsupported_body_type_lists_protobuf()
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Status(await server.PostAsync(Namespaces, Manifests.Namespace("x"), "application/cbor"), 415, "UnsupportedMediaType",
            "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf");
    }

    [Fact]
    public async Task Patch_bodies_are_not_protobuf()
    {
        await using var server = ApiServer.Start();
        await server.CreateNamespaceAsync("x");
        await HttpAssert.Status(await Send(server, HttpMethod.Patch, Namespaces + "/x", KubectlNamespaceX), 415, "UnsupportedMediaType");
    }

    [Fact]
    public async Task Every_kind_that_takes_a_body_has_its_message()
    {
        await using var server = ApiServer.Start();
        var writable = server.Services.GetRequiredService<ResourceCatalog>().All
            .Select(k => k.Descriptor)
            .Where(d => d.Serves("create") || d.Serves("update"))
            .Concat(server.Services.GetRequiredService<ResourceCatalog>().All.SelectMany(k => k.Descriptor.Subresources).Select(s => s.Input).OfType<ResourceDescriptor>())
            .ToList();

        Assert.NotEmpty(writable);
        Assert.All(writable, d => Assert.NotNull(ProtoSchema.ForKind(d.ApiVersion, d.Kind)));
    }
}
