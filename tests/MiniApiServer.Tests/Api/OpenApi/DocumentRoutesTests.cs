using System.Text.Json.Nodes;

namespace MiniApiServer.Tests.Api.OpenApi;

/// <summary>Every route of every kind is in the document, with its operation id and request/response schemas.</summary>
public sealed class DocumentRoutesTests(DocumentFixture fixture) : IClassFixture<DocumentFixture>
{
    private const string Ns = "/api/v1/namespaces/{namespace}";
    private const string Leases = "/apis/coordination.k8s.io/v1/namespaces/{namespace}/leases";
    private const string Slices = "/apis/discovery.k8s.io/v1/namespaces/{namespace}/endpointslices";
    private const string V1Events = "/apis/events.k8s.io/v1/namespaces/{namespace}/events";

    /// <summary>Method, path, operation id (upstream's), request body schema, success code, success schema.</summary>
    public static TheoryData<string, string, string, string?, int, string> Routes() => new()
    {
        { "get", $"{Ns}/services", "listCoreV1NamespacedService", null, 200, "V1ServiceList" },
        { "post", $"{Ns}/services", "createCoreV1NamespacedService", "V1Service", 201, "V1Service" },
        { "delete", $"{Ns}/services", "deleteCoreV1CollectionNamespacedService", "V1DeleteOptions", 200, "V1ServiceList" },
        { "get", $"{Ns}/services/{{name}}", "readCoreV1NamespacedService", null, 200, "V1Service" },
        { "put", $"{Ns}/services/{{name}}", "replaceCoreV1NamespacedService", "V1Service", 200, "V1Service" },
        { "patch", $"{Ns}/services/{{name}}", "patchCoreV1NamespacedService", null, 200, "V1Service" },
        { "delete", $"{Ns}/services/{{name}}", "deleteCoreV1NamespacedService", "V1DeleteOptions", 200, "V1Service" },
        { "get", $"{Ns}/services/{{name}}/status", "readCoreV1NamespacedServiceStatus", null, 200, "V1Service" },
        { "put", $"{Ns}/services/{{name}}/status", "replaceCoreV1NamespacedServiceStatus", "V1Service", 200, "V1Service" },
        { "patch", $"{Ns}/services/{{name}}/status", "patchCoreV1NamespacedServiceStatus", null, 200, "V1Service" },
        { "get", "/api/v1/services", "listCoreV1ServiceForAllNamespaces", null, 200, "V1ServiceList" },

        { "get", $"{Ns}/pods", "listCoreV1NamespacedPod", null, 200, "V1PodList" },
        { "post", $"{Ns}/pods", "createCoreV1NamespacedPod", "V1Pod", 201, "V1Pod" },
        { "delete", $"{Ns}/pods", "deleteCoreV1CollectionNamespacedPod", "V1DeleteOptions", 200, "V1PodList" },
        { "get", $"{Ns}/pods/{{name}}", "readCoreV1NamespacedPod", null, 200, "V1Pod" },
        { "put", $"{Ns}/pods/{{name}}", "replaceCoreV1NamespacedPod", "V1Pod", 200, "V1Pod" },
        { "patch", $"{Ns}/pods/{{name}}", "patchCoreV1NamespacedPod", null, 200, "V1Pod" },
        { "delete", $"{Ns}/pods/{{name}}", "deleteCoreV1NamespacedPod", "V1DeleteOptions", 200, "V1Pod" },
        { "post", $"{Ns}/pods/{{name}}/binding", "createCoreV1NamespacedPodBinding", "V1Binding", 201, "V1Status" },
        { "post", $"{Ns}/bindings", "createCoreV1NamespacedBinding", "V1Binding", 201, "V1Status" },
        { "get", $"{Ns}/pods/{{name}}/status", "readCoreV1NamespacedPodStatus", null, 200, "V1Pod" },
        { "put", $"{Ns}/pods/{{name}}/status", "replaceCoreV1NamespacedPodStatus", "V1Pod", 200, "V1Pod" },
        { "patch", $"{Ns}/pods/{{name}}/status", "patchCoreV1NamespacedPodStatus", null, 200, "V1Pod" },
        { "get", "/api/v1/pods", "listCoreV1PodForAllNamespaces", null, 200, "V1PodList" },

        { "get", $"{Ns}/endpoints", "listCoreV1NamespacedEndpoints", null, 200, "V1EndpointsList" },
        { "post", $"{Ns}/endpoints", "createCoreV1NamespacedEndpoints", "V1Endpoints", 201, "V1Endpoints" },
        { "delete", $"{Ns}/endpoints", "deleteCoreV1CollectionNamespacedEndpoints", "V1DeleteOptions", 200, "V1EndpointsList" },
        { "get", $"{Ns}/endpoints/{{name}}", "readCoreV1NamespacedEndpoints", null, 200, "V1Endpoints" },
        { "put", $"{Ns}/endpoints/{{name}}", "replaceCoreV1NamespacedEndpoints", "V1Endpoints", 200, "V1Endpoints" },
        { "patch", $"{Ns}/endpoints/{{name}}", "patchCoreV1NamespacedEndpoints", null, 200, "V1Endpoints" },
        { "delete", $"{Ns}/endpoints/{{name}}", "deleteCoreV1NamespacedEndpoints", "V1DeleteOptions", 200, "V1Status" },
        { "get", "/api/v1/endpoints", "listCoreV1EndpointsForAllNamespaces", null, 200, "V1EndpointsList" },

        { "get", "/api/v1/namespaces", "listCoreV1Namespace", null, 200, "V1NamespaceList" },
        { "post", "/api/v1/namespaces", "createCoreV1Namespace", "V1Namespace", 201, "V1Namespace" },
        { "get", "/api/v1/namespaces/{name}", "readCoreV1Namespace", null, 200, "V1Namespace" },
        { "put", "/api/v1/namespaces/{name}", "replaceCoreV1Namespace", "V1Namespace", 200, "V1Namespace" },
        { "patch", "/api/v1/namespaces/{name}", "patchCoreV1Namespace", null, 200, "V1Namespace" },
        { "delete", "/api/v1/namespaces/{name}", "deleteCoreV1Namespace", "V1DeleteOptions", 200, "V1Namespace" },
        { "get", "/api/v1/namespaces/{name}/status", "readCoreV1NamespaceStatus", null, 200, "V1Namespace" },
        { "put", "/api/v1/namespaces/{name}/status", "replaceCoreV1NamespaceStatus", "V1Namespace", 200, "V1Namespace" },
        { "patch", "/api/v1/namespaces/{name}/status", "patchCoreV1NamespaceStatus", null, 200, "V1Namespace" },
        { "put", "/api/v1/namespaces/{name}/finalize", "replaceCoreV1NamespaceFinalize", "V1Namespace", 200, "V1Namespace" },

        { "get", "/api/v1/nodes", "listCoreV1Node", null, 200, "V1NodeList" },
        { "post", "/api/v1/nodes", "createCoreV1Node", "V1Node", 201, "V1Node" },
        { "delete", "/api/v1/nodes", "deleteCoreV1CollectionNode", "V1DeleteOptions", 200, "V1NodeList" },
        { "get", "/api/v1/nodes/{name}", "readCoreV1Node", null, 200, "V1Node" },
        { "put", "/api/v1/nodes/{name}", "replaceCoreV1Node", "V1Node", 200, "V1Node" },
        { "patch", "/api/v1/nodes/{name}", "patchCoreV1Node", null, 200, "V1Node" },
        { "delete", "/api/v1/nodes/{name}", "deleteCoreV1Node", "V1DeleteOptions", 200, "V1Node" },
        { "get", "/api/v1/nodes/{name}/status", "readCoreV1NodeStatus", null, 200, "V1Node" },
        { "put", "/api/v1/nodes/{name}/status", "replaceCoreV1NodeStatus", "V1Node", 200, "V1Node" },
        { "patch", "/api/v1/nodes/{name}/status", "patchCoreV1NodeStatus", null, 200, "V1Node" },

        { "get", $"{Leases}", "listCoordinationV1NamespacedLease", null, 200, "V1LeaseList" },
        { "post", $"{Leases}", "createCoordinationV1NamespacedLease", "V1Lease", 201, "V1Lease" },
        { "delete", $"{Leases}", "deleteCoordinationV1CollectionNamespacedLease", "V1DeleteOptions", 200, "V1LeaseList" },
        { "get", $"{Leases}/{{name}}", "readCoordinationV1NamespacedLease", null, 200, "V1Lease" },
        { "put", $"{Leases}/{{name}}", "replaceCoordinationV1NamespacedLease", "V1Lease", 200, "V1Lease" },
        { "patch", $"{Leases}/{{name}}", "patchCoordinationV1NamespacedLease", null, 200, "V1Lease" },
        { "delete", $"{Leases}/{{name}}", "deleteCoordinationV1NamespacedLease", "V1DeleteOptions", 200, "V1Lease" },
        { "get", "/apis/coordination.k8s.io/v1/leases", "listCoordinationV1LeaseForAllNamespaces", null, 200, "V1LeaseList" },

        { "get", $"{Slices}", "listDiscoveryV1NamespacedEndpointSlice", null, 200, "V1EndpointSliceList" },
        { "post", $"{Slices}", "createDiscoveryV1NamespacedEndpointSlice", "V1EndpointSlice", 201, "V1EndpointSlice" },
        { "delete", $"{Slices}", "deleteDiscoveryV1CollectionNamespacedEndpointSlice", "V1DeleteOptions", 200, "V1EndpointSliceList" },
        { "get", $"{Slices}/{{name}}", "readDiscoveryV1NamespacedEndpointSlice", null, 200, "V1EndpointSlice" },
        { "put", $"{Slices}/{{name}}", "replaceDiscoveryV1NamespacedEndpointSlice", "V1EndpointSlice", 200, "V1EndpointSlice" },
        { "patch", $"{Slices}/{{name}}", "patchDiscoveryV1NamespacedEndpointSlice", null, 200, "V1EndpointSlice" },
        { "delete", $"{Slices}/{{name}}", "deleteDiscoveryV1NamespacedEndpointSlice", "V1DeleteOptions", 200, "V1EndpointSlice" },
        { "get", "/apis/discovery.k8s.io/v1/endpointslices", "listDiscoveryV1EndpointSliceForAllNamespaces", null, 200, "V1EndpointSliceList" },

        { "get", $"{Ns}/events", "listCoreV1NamespacedEvent", null, 200, "Corev1EventList" },
        { "post", $"{Ns}/events", "createCoreV1NamespacedEvent", "Corev1Event", 201, "Corev1Event" },
        { "delete", $"{Ns}/events", "deleteCoreV1CollectionNamespacedEvent", "V1DeleteOptions", 200, "Corev1EventList" },
        { "get", $"{Ns}/events/{{name}}", "readCoreV1NamespacedEvent", null, 200, "Corev1Event" },
        { "put", $"{Ns}/events/{{name}}", "replaceCoreV1NamespacedEvent", "Corev1Event", 200, "Corev1Event" },
        { "patch", $"{Ns}/events/{{name}}", "patchCoreV1NamespacedEvent", null, 200, "Corev1Event" },
        { "delete", $"{Ns}/events/{{name}}", "deleteCoreV1NamespacedEvent", "V1DeleteOptions", 200, "Corev1Event" },
        { "get", "/api/v1/events", "listCoreV1EventForAllNamespaces", null, 200, "Corev1EventList" },

        { "get", $"{V1Events}", "listEventsV1NamespacedEvent", null, 200, "Eventsv1EventList" },
        { "post", $"{V1Events}", "createEventsV1NamespacedEvent", "Eventsv1Event", 201, "Eventsv1Event" },
        { "delete", $"{V1Events}", "deleteEventsV1CollectionNamespacedEvent", "V1DeleteOptions", 200, "Eventsv1EventList" },
        { "get", $"{V1Events}/{{name}}", "readEventsV1NamespacedEvent", null, 200, "Eventsv1Event" },
        { "put", $"{V1Events}/{{name}}", "replaceEventsV1NamespacedEvent", "Eventsv1Event", 200, "Eventsv1Event" },
        { "patch", $"{V1Events}/{{name}}", "patchEventsV1NamespacedEvent", null, 200, "Eventsv1Event" },
        { "delete", $"{V1Events}/{{name}}", "deleteEventsV1NamespacedEvent", "V1DeleteOptions", 200, "Eventsv1Event" },
        { "get", "/apis/events.k8s.io/v1/events", "listEventsV1EventForAllNamespaces", null, 200, "Eventsv1EventList" },

        { "get", "/apis/networking.k8s.io/v1/ipaddresses", "listNetworkingV1IPAddress", null, 200, "V1IPAddressList" },
        { "get", "/apis/networking.k8s.io/v1/ipaddresses/{name}", "readNetworkingV1IPAddress", null, 200, "V1IPAddress" },
        { "get", "/apis/networking.k8s.io/v1/servicecidrs", "listNetworkingV1ServiceCIDR", null, 200, "V1ServiceCIDRList" },
        { "get", "/apis/networking.k8s.io/v1/servicecidrs/{name}", "readNetworkingV1ServiceCIDR", null, 200, "V1ServiceCIDR" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public void Route_is_documented_with_its_schemas(string method, string path, string operationId, string? request, int success, string response)
    {
        var op = fixture.Operation(method, path);
        Assert.Equal(operationId, (string?)op["operationId"]);
        var body = op["requestBody"]?["content"]?.AsObject();
        if (request is not null)
        {
            Assert.NotNull(body);
            foreach (var (mediaType, content) in body)
            {
                Assert.True(Ref(content!["schema"]) == request, $"{mediaType} body of {operationId} is {content!["schema"]?.ToJsonString()}");
            }
        }
        Assert.Equal(response, Ref(op["responses"]?[success.ToString(System.Globalization.CultureInfo.InvariantCulture)]?["content"]?["application/json"]?["schema"]));
        Assert.Equal("V1Status", Ref(op["responses"]?["404"]?["content"]?["application/json"]?["schema"]));
    }

    [Fact]
    public void Document_has_exactly_the_routes_of_the_kinds()
    {
        var expected = Routes().Select(r => $"{((string)r[0]).ToUpperInvariant()} {r[1]}").Order(StringComparer.Ordinal);
        var actual = fixture.Document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Where(m => m.Key != "parameters").Select(m => $"{m.Key.ToUpperInvariant()} {p.Key}"))
            .Order(StringComparer.Ordinal);
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData("post", "V1Service")]
    [InlineData("put", "V1Service")]
    public void Writes_accept_json_and_yaml(string method, string schema)
    {
        var path = method == "post" ? $"{Ns}/services" : $"{Ns}/services/{{name}}";
        var content = fixture.Operation(method, path)["requestBody"]!["content"]!.AsObject();
        Assert.Equal(["application/json", "application/yaml"], content.Select(c => c.Key));
        Assert.All(content, c => Assert.Equal(schema, Ref(c.Value!["schema"])));
    }

    [Fact]
    public void Patch_accepts_the_two_patch_types_with_their_shapes()
    {
        var content = fixture.Operation("patch", $"{Ns}/services/{{name}}")["requestBody"]!["content"]!;
        Assert.Equal("array", (string?)content["application/json-patch+json"]!["schema"]!["type"]);
        Assert.Equal("object", (string?)content["application/merge-patch+json"]!["schema"]!["type"]);
    }

    [Fact]
    public void Put_of_a_missing_service_documents_the_201()
    {
        Assert.Equal("V1Service", Ref(fixture.Operation("put", $"{Ns}/services/{{name}}")["responses"]!["201"]!["content"]!["application/json"]!["schema"]));
        Assert.Null(fixture.Operation("put", $"{Ns}/pods/{{name}}")["responses"]!["201"]);
        Assert.Equal("V1Lease", Ref(fixture.Operation("put", $"{Leases}/{{name}}")["responses"]!["201"]!["content"]!["application/json"]!["schema"]));
        Assert.Null(fixture.Operation("put", $"{Slices}/{{name}}")["responses"]!["201"]);
    }

    [Fact]
    public void The_description_and_the_tags_name_every_served_group_version()
    {
        var description = (string)fixture.Document["info"]!["description"]!;
        Assert.Contains("core/v1 (Endpoints, Event, Namespace, Node, Pod, Service)", description, StringComparison.Ordinal);
        Assert.Contains("events.k8s.io/v1 (Event)", description, StringComparison.Ordinal);
        Assert.Contains("networking.k8s.io/v1 (IPAddress, read-only, ServiceCIDR, read-only)", description, StringComparison.Ordinal);
        Assert.Contains("coordination.k8s.io/v1 (Lease)", description, StringComparison.Ordinal);
        Assert.Contains("discovery.k8s.io/v1 (EndpointSlice)", description, StringComparison.Ordinal);
        var tags = fixture.Document["tags"]!.AsArray().ToDictionary(t => (string)t!["name"]!, t => (string?)t!["description"]);
        Assert.Equal("v1 services (namespaced)", tags["Service"]);
        Assert.Equal("networking.k8s.io/v1 ipaddresses (cluster-scoped)", tags["IPAddress"]);
        Assert.Equal("v1 bindings (namespaced)", tags["Binding"]);
    }

    [Theory]
    [InlineData("IPAddress", "/apis/networking.k8s.io/v1/ipaddresses/{name}")]
    [InlineData("Lease", "/apis/coordination.k8s.io/v1/leases")]
    [InlineData("EndpointSlice", "/apis/discovery.k8s.io/v1/namespaces/{namespace}/endpointslices/{name}")]
    [InlineData("Service", "/api/v1/namespaces/{namespace}/services")]
    [InlineData("Pod", "/api/v1/pods")]
    [InlineData("Namespace", "/api/v1/namespaces/{name}/finalize")]
    [InlineData("Node", "/api/v1/nodes/{name}/status")]
    [InlineData("Pod", "/api/v1/namespaces/{namespace}/pods/{name}/binding")]
    [InlineData("Binding", "/api/v1/namespaces/{namespace}/bindings")]
    public void Operations_are_tagged_with_their_kind(string kind, string path)
    {
        foreach (var (_, op) in fixture.Document["paths"]![path]!.AsObject())
        {
            Assert.Equal([kind], op!["tags"]!.AsArray().Select(t => (string?)t));
        }
    }

    private static string? Ref(JsonNode? schema) => ((string?)schema?["$ref"])?.Replace("#/components/schemas/", "", StringComparison.Ordinal);
}
