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
        { "get", $"{Ns}/services", "listCoreV1NamespacedService", null, 200, "io.k8s.api.core.v1.ServiceList" },
        { "post", $"{Ns}/services", "createCoreV1NamespacedService", "io.k8s.api.core.v1.Service", 201, "io.k8s.api.core.v1.Service" },
        { "delete", $"{Ns}/services", "deleteCoreV1CollectionNamespacedService", "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions", 200, "io.k8s.api.core.v1.ServiceList" },
        { "get", $"{Ns}/services/{{name}}", "readCoreV1NamespacedService", null, 200, "io.k8s.api.core.v1.Service" },
        { "put", $"{Ns}/services/{{name}}", "replaceCoreV1NamespacedService", "io.k8s.api.core.v1.Service", 200, "io.k8s.api.core.v1.Service" },
        { "patch", $"{Ns}/services/{{name}}", "patchCoreV1NamespacedService", null, 200, "io.k8s.api.core.v1.Service" },
        { "delete", $"{Ns}/services/{{name}}", "deleteCoreV1NamespacedService", "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions", 200, "io.k8s.api.core.v1.Service" },
        { "get", $"{Ns}/services/{{name}}/status", "readCoreV1NamespacedServiceStatus", null, 200, "io.k8s.api.core.v1.Service" },
        { "put", $"{Ns}/services/{{name}}/status", "replaceCoreV1NamespacedServiceStatus", "io.k8s.api.core.v1.Service", 200, "io.k8s.api.core.v1.Service" },
        { "patch", $"{Ns}/services/{{name}}/status", "patchCoreV1NamespacedServiceStatus", null, 200, "io.k8s.api.core.v1.Service" },
        { "get", "/api/v1/services", "listCoreV1ServiceForAllNamespaces", null, 200, "io.k8s.api.core.v1.ServiceList" },

        { "get", $"{Ns}/pods", "listCoreV1NamespacedPod", null, 200, "io.k8s.api.core.v1.PodList" },
        { "post", $"{Ns}/pods", "createCoreV1NamespacedPod", "io.k8s.api.core.v1.Pod", 201, "io.k8s.api.core.v1.Pod" },
        { "delete", $"{Ns}/pods", "deleteCoreV1CollectionNamespacedPod", "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions", 200, "io.k8s.api.core.v1.PodList" },
        { "get", $"{Ns}/pods/{{name}}", "readCoreV1NamespacedPod", null, 200, "io.k8s.api.core.v1.Pod" },
        { "put", $"{Ns}/pods/{{name}}", "replaceCoreV1NamespacedPod", "io.k8s.api.core.v1.Pod", 200, "io.k8s.api.core.v1.Pod" },
        { "patch", $"{Ns}/pods/{{name}}", "patchCoreV1NamespacedPod", null, 200, "io.k8s.api.core.v1.Pod" },
        { "delete", $"{Ns}/pods/{{name}}", "deleteCoreV1NamespacedPod", "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions", 200, "io.k8s.api.core.v1.Pod" },
        { "post", $"{Ns}/pods/{{name}}/binding", "createCoreV1NamespacedPodBinding", "io.k8s.api.core.v1.Binding", 201, "io.k8s.apimachinery.pkg.apis.meta.v1.Status" },
        { "post", $"{Ns}/bindings", "createCoreV1NamespacedBinding", "io.k8s.api.core.v1.Binding", 201, "io.k8s.apimachinery.pkg.apis.meta.v1.Status" },
        { "get", $"{Ns}/pods/{{name}}/status", "readCoreV1NamespacedPodStatus", null, 200, "io.k8s.api.core.v1.Pod" },
        { "put", $"{Ns}/pods/{{name}}/status", "replaceCoreV1NamespacedPodStatus", "io.k8s.api.core.v1.Pod", 200, "io.k8s.api.core.v1.Pod" },
        { "patch", $"{Ns}/pods/{{name}}/status", "patchCoreV1NamespacedPodStatus", null, 200, "io.k8s.api.core.v1.Pod" },
        { "get", "/api/v1/pods", "listCoreV1PodForAllNamespaces", null, 200, "io.k8s.api.core.v1.PodList" },

        { "get", $"{Ns}/endpoints", "listCoreV1NamespacedEndpoints", null, 200, "io.k8s.api.core.v1.EndpointsList" },
        { "post", $"{Ns}/endpoints", "createCoreV1NamespacedEndpoints", "io.k8s.api.core.v1.Endpoints", 201, "io.k8s.api.core.v1.Endpoints" },
        { "delete", $"{Ns}/endpoints", "deleteCoreV1CollectionNamespacedEndpoints", "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions", 200, "io.k8s.api.core.v1.EndpointsList" },
        { "get", $"{Ns}/endpoints/{{name}}", "readCoreV1NamespacedEndpoints", null, 200, "io.k8s.api.core.v1.Endpoints" },
        { "put", $"{Ns}/endpoints/{{name}}", "replaceCoreV1NamespacedEndpoints", "io.k8s.api.core.v1.Endpoints", 200, "io.k8s.api.core.v1.Endpoints" },
        { "patch", $"{Ns}/endpoints/{{name}}", "patchCoreV1NamespacedEndpoints", null, 200, "io.k8s.api.core.v1.Endpoints" },
        { "delete", $"{Ns}/endpoints/{{name}}", "deleteCoreV1NamespacedEndpoints", "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions", 200, "io.k8s.apimachinery.pkg.apis.meta.v1.Status" },
        { "get", "/api/v1/endpoints", "listCoreV1EndpointsForAllNamespaces", null, 200, "io.k8s.api.core.v1.EndpointsList" },

        { "get", "/api/v1/namespaces", "listCoreV1Namespace", null, 200, "io.k8s.api.core.v1.NamespaceList" },
        { "post", "/api/v1/namespaces", "createCoreV1Namespace", "io.k8s.api.core.v1.Namespace", 201, "io.k8s.api.core.v1.Namespace" },
        { "get", "/api/v1/namespaces/{name}", "readCoreV1Namespace", null, 200, "io.k8s.api.core.v1.Namespace" },
        { "put", "/api/v1/namespaces/{name}", "replaceCoreV1Namespace", "io.k8s.api.core.v1.Namespace", 200, "io.k8s.api.core.v1.Namespace" },
        { "patch", "/api/v1/namespaces/{name}", "patchCoreV1Namespace", null, 200, "io.k8s.api.core.v1.Namespace" },
        { "delete", "/api/v1/namespaces/{name}", "deleteCoreV1Namespace", "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions", 200, "io.k8s.api.core.v1.Namespace" },
        { "get", "/api/v1/namespaces/{name}/status", "readCoreV1NamespaceStatus", null, 200, "io.k8s.api.core.v1.Namespace" },
        { "put", "/api/v1/namespaces/{name}/status", "replaceCoreV1NamespaceStatus", "io.k8s.api.core.v1.Namespace", 200, "io.k8s.api.core.v1.Namespace" },
        { "patch", "/api/v1/namespaces/{name}/status", "patchCoreV1NamespaceStatus", null, 200, "io.k8s.api.core.v1.Namespace" },
        { "put", "/api/v1/namespaces/{name}/finalize", "replaceCoreV1NamespaceFinalize", "io.k8s.api.core.v1.Namespace", 200, "io.k8s.api.core.v1.Namespace" },

        { "get", "/api/v1/nodes", "listCoreV1Node", null, 200, "io.k8s.api.core.v1.NodeList" },
        { "post", "/api/v1/nodes", "createCoreV1Node", "io.k8s.api.core.v1.Node", 201, "io.k8s.api.core.v1.Node" },
        { "delete", "/api/v1/nodes", "deleteCoreV1CollectionNode", "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions", 200, "io.k8s.api.core.v1.NodeList" },
        { "get", "/api/v1/nodes/{name}", "readCoreV1Node", null, 200, "io.k8s.api.core.v1.Node" },
        { "put", "/api/v1/nodes/{name}", "replaceCoreV1Node", "io.k8s.api.core.v1.Node", 200, "io.k8s.api.core.v1.Node" },
        { "patch", "/api/v1/nodes/{name}", "patchCoreV1Node", null, 200, "io.k8s.api.core.v1.Node" },
        { "delete", "/api/v1/nodes/{name}", "deleteCoreV1Node", "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions", 200, "io.k8s.api.core.v1.Node" },
        { "get", "/api/v1/nodes/{name}/status", "readCoreV1NodeStatus", null, 200, "io.k8s.api.core.v1.Node" },
        { "put", "/api/v1/nodes/{name}/status", "replaceCoreV1NodeStatus", "io.k8s.api.core.v1.Node", 200, "io.k8s.api.core.v1.Node" },
        { "patch", "/api/v1/nodes/{name}/status", "patchCoreV1NodeStatus", null, 200, "io.k8s.api.core.v1.Node" },

        { "get", $"{Leases}", "listCoordinationV1NamespacedLease", null, 200, "io.k8s.api.coordination.v1.LeaseList" },
        { "post", $"{Leases}", "createCoordinationV1NamespacedLease", "io.k8s.api.coordination.v1.Lease", 201, "io.k8s.api.coordination.v1.Lease" },
        { "delete", $"{Leases}", "deleteCoordinationV1CollectionNamespacedLease", "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions", 200, "io.k8s.api.coordination.v1.LeaseList" },
        { "get", $"{Leases}/{{name}}", "readCoordinationV1NamespacedLease", null, 200, "io.k8s.api.coordination.v1.Lease" },
        { "put", $"{Leases}/{{name}}", "replaceCoordinationV1NamespacedLease", "io.k8s.api.coordination.v1.Lease", 200, "io.k8s.api.coordination.v1.Lease" },
        { "patch", $"{Leases}/{{name}}", "patchCoordinationV1NamespacedLease", null, 200, "io.k8s.api.coordination.v1.Lease" },
        { "delete", $"{Leases}/{{name}}", "deleteCoordinationV1NamespacedLease", "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions", 200, "io.k8s.api.coordination.v1.Lease" },
        { "get", "/apis/coordination.k8s.io/v1/leases", "listCoordinationV1LeaseForAllNamespaces", null, 200, "io.k8s.api.coordination.v1.LeaseList" },

        { "get", $"{Slices}", "listDiscoveryV1NamespacedEndpointSlice", null, 200, "io.k8s.api.discovery.v1.EndpointSliceList" },
        { "post", $"{Slices}", "createDiscoveryV1NamespacedEndpointSlice", "io.k8s.api.discovery.v1.EndpointSlice", 201, "io.k8s.api.discovery.v1.EndpointSlice" },
        { "delete", $"{Slices}", "deleteDiscoveryV1CollectionNamespacedEndpointSlice", "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions", 200, "io.k8s.api.discovery.v1.EndpointSliceList" },
        { "get", $"{Slices}/{{name}}", "readDiscoveryV1NamespacedEndpointSlice", null, 200, "io.k8s.api.discovery.v1.EndpointSlice" },
        { "put", $"{Slices}/{{name}}", "replaceDiscoveryV1NamespacedEndpointSlice", "io.k8s.api.discovery.v1.EndpointSlice", 200, "io.k8s.api.discovery.v1.EndpointSlice" },
        { "patch", $"{Slices}/{{name}}", "patchDiscoveryV1NamespacedEndpointSlice", null, 200, "io.k8s.api.discovery.v1.EndpointSlice" },
        { "delete", $"{Slices}/{{name}}", "deleteDiscoveryV1NamespacedEndpointSlice", "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions", 200, "io.k8s.api.discovery.v1.EndpointSlice" },
        { "get", "/apis/discovery.k8s.io/v1/endpointslices", "listDiscoveryV1EndpointSliceForAllNamespaces", null, 200, "io.k8s.api.discovery.v1.EndpointSliceList" },

        { "get", "/apis/networking.k8s.io/v1/ipaddresses", "listNetworkingV1IPAddress", null, 200, "io.k8s.api.networking.v1.IPAddressList" },
        { "get", "/apis/networking.k8s.io/v1/ipaddresses/{name}", "readNetworkingV1IPAddress", null, 200, "io.k8s.api.networking.v1.IPAddress" },
        { "get", "/apis/networking.k8s.io/v1/servicecidrs", "listNetworkingV1ServiceCIDR", null, 200, "io.k8s.api.networking.v1.ServiceCIDRList" },
        { "get", "/apis/networking.k8s.io/v1/servicecidrs/{name}", "readNetworkingV1ServiceCIDR", null, 200, "io.k8s.api.networking.v1.ServiceCIDR" },


        { "get", $"{Ns}/events", "listCoreV1NamespacedEvent", null, 200, "io.k8s.api.core.v1.EventList" },
        { "post", $"{Ns}/events", "createCoreV1NamespacedEvent", "io.k8s.api.core.v1.Event", 201, "io.k8s.api.core.v1.Event" },
        { "delete", $"{Ns}/events", "deleteCoreV1CollectionNamespacedEvent", "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions", 200, "io.k8s.api.core.v1.EventList" },
        { "get", $"{Ns}/events/{{name}}", "readCoreV1NamespacedEvent", null, 200, "io.k8s.api.core.v1.Event" },
        { "put", $"{Ns}/events/{{name}}", "replaceCoreV1NamespacedEvent", "io.k8s.api.core.v1.Event", 200, "io.k8s.api.core.v1.Event" },
        { "patch", $"{Ns}/events/{{name}}", "patchCoreV1NamespacedEvent", null, 200, "io.k8s.api.core.v1.Event" },
        { "delete", $"{Ns}/events/{{name}}", "deleteCoreV1NamespacedEvent", "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions", 200, "io.k8s.api.core.v1.Event" },
        { "get", "/api/v1/events", "listCoreV1EventForAllNamespaces", null, 200, "io.k8s.api.core.v1.EventList" },

        { "get", $"{V1Events}", "listEventsV1NamespacedEvent", null, 200, "io.k8s.api.events.v1.EventList" },
        { "post", $"{V1Events}", "createEventsV1NamespacedEvent", "io.k8s.api.events.v1.Event", 201, "io.k8s.api.events.v1.Event" },
        { "delete", $"{V1Events}", "deleteEventsV1CollectionNamespacedEvent", "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions", 200, "io.k8s.api.events.v1.EventList" },
        { "get", $"{V1Events}/{{name}}", "readEventsV1NamespacedEvent", null, 200, "io.k8s.api.events.v1.Event" },
        { "put", $"{V1Events}/{{name}}", "replaceEventsV1NamespacedEvent", "io.k8s.api.events.v1.Event", 200, "io.k8s.api.events.v1.Event" },
        { "patch", $"{V1Events}/{{name}}", "patchEventsV1NamespacedEvent", null, 200, "io.k8s.api.events.v1.Event" },
        { "delete", $"{V1Events}/{{name}}", "deleteEventsV1NamespacedEvent", "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions", 200, "io.k8s.api.events.v1.Event" },
        { "get", "/apis/events.k8s.io/v1/events", "listEventsV1EventForAllNamespaces", null, 200, "io.k8s.api.events.v1.EventList" },
        { "get", "/api/v1/watch/namespaces/{namespace}/events", "watchCoreV1NamespacedEventList", null, 200, "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent" },
        { "get", "/api/v1/watch/namespaces/{namespace}/events/{name}", "watchCoreV1NamespacedEvent", null, 200, "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent" },
        { "get", "/api/v1/watch/events", "watchCoreV1EventListForAllNamespaces", null, 200, "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent" },
        { "get", "/apis/events.k8s.io/v1/watch/namespaces/{namespace}/events", "watchEventsV1NamespacedEventList", null, 200, "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent" },
        { "get", "/apis/events.k8s.io/v1/watch/namespaces/{namespace}/events/{name}", "watchEventsV1NamespacedEvent", null, 200, "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent" },
        { "get", "/apis/events.k8s.io/v1/watch/events", "watchEventsV1EventListForAllNamespaces", null, 200, "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent" },

        // The legacy watch paths.
        { "get", "/api/v1/watch/namespaces/{namespace}/services", "watchCoreV1NamespacedServiceList", null, 200, "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent" },
        { "get", "/api/v1/watch/namespaces/{namespace}/services/{name}", "watchCoreV1NamespacedService", null, 200, "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent" },
        { "get", "/api/v1/watch/services", "watchCoreV1ServiceListForAllNamespaces", null, 200, "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent" },
        { "get", "/api/v1/watch/namespaces/{namespace}/pods", "watchCoreV1NamespacedPodList", null, 200, "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent" },
        { "get", "/api/v1/watch/namespaces/{namespace}/pods/{name}", "watchCoreV1NamespacedPod", null, 200, "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent" },
        { "get", "/api/v1/watch/pods", "watchCoreV1PodListForAllNamespaces", null, 200, "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent" },
        { "get", "/api/v1/watch/namespaces/{namespace}/endpoints", "watchCoreV1NamespacedEndpointsList", null, 200, "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent" },
        { "get", "/api/v1/watch/namespaces/{namespace}/endpoints/{name}", "watchCoreV1NamespacedEndpoints", null, 200, "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent" },
        { "get", "/api/v1/watch/endpoints", "watchCoreV1EndpointsListForAllNamespaces", null, 200, "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent" },
        { "get", "/apis/coordination.k8s.io/v1/watch/namespaces/{namespace}/leases", "watchCoordinationV1NamespacedLeaseList", null, 200, "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent" },
        { "get", "/apis/coordination.k8s.io/v1/watch/namespaces/{namespace}/leases/{name}", "watchCoordinationV1NamespacedLease", null, 200, "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent" },
        { "get", "/apis/coordination.k8s.io/v1/watch/leases", "watchCoordinationV1LeaseListForAllNamespaces", null, 200, "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent" },
        { "get", "/apis/discovery.k8s.io/v1/watch/namespaces/{namespace}/endpointslices", "watchDiscoveryV1NamespacedEndpointSliceList", null, 200, "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent" },
        { "get", "/apis/discovery.k8s.io/v1/watch/namespaces/{namespace}/endpointslices/{name}", "watchDiscoveryV1NamespacedEndpointSlice", null, 200, "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent" },
        { "get", "/apis/discovery.k8s.io/v1/watch/endpointslices", "watchDiscoveryV1EndpointSliceListForAllNamespaces", null, 200, "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent" },
        { "get", "/api/v1/watch/namespaces", "watchCoreV1NamespaceList", null, 200, "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent" },
        { "get", "/api/v1/watch/namespaces/{name}", "watchCoreV1Namespace", null, 200, "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent" },
        { "get", "/api/v1/watch/nodes", "watchCoreV1NodeList", null, 200, "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent" },
        { "get", "/api/v1/watch/nodes/{name}", "watchCoreV1Node", null, 200, "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent" },
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
        Assert.Equal("io.k8s.apimachinery.pkg.apis.meta.v1.Status", Ref(op["responses"]?["404"]?["content"]?["application/json"]?["schema"]));
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
    [InlineData("post", "io.k8s.api.core.v1.Service")]
    [InlineData("put", "io.k8s.api.core.v1.Service")]
    public void Writes_accept_json_yaml_and_protobuf(string method, string schema)
    {
        var path = method == "post" ? $"{Ns}/services" : $"{Ns}/services/{{name}}";
        var content = fixture.Operation(method, path)["requestBody"]!["content"]!.AsObject();
        Assert.Equal(["application/json", "application/yaml", "application/vnd.kubernetes.protobuf"], content.Select(c => c.Key));
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
        Assert.Equal("io.k8s.api.core.v1.Service", Ref(fixture.Operation("put", $"{Ns}/services/{{name}}")["responses"]!["201"]!["content"]!["application/json"]!["schema"]));
        Assert.Null(fixture.Operation("put", $"{Ns}/pods/{{name}}")["responses"]!["201"]);
        Assert.Equal("io.k8s.api.coordination.v1.Lease", Ref(fixture.Operation("put", $"{Leases}/{{name}}")["responses"]!["201"]!["content"]!["application/json"]!["schema"]));
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
