using System.Net;
using System.Text.Json.Nodes;
using MiniApiServer.Tests.Api;
using MiniApiServer.Tests.Api.Watch;
using static MiniApiServer.Tests.Registry.KindApi;

namespace MiniApiServer.Tests.Registry;

/// <summary>
/// discovery.k8s.io/v1 EndpointSlices over HTTP: the group's paths and apiVersion, generateName, defaults, the
/// generation, no create on PUT, upstream's validation messages, addressType immutability, selectors, watch, namespace
/// deletion and discovery.
/// </summary>
public sealed class EndpointSlicesApiTests
{
    private const string Group = "/apis/discovery.k8s.io/v1";
    private const string Slices = Group + "/namespaces/default/endpointslices";
    private const string Ports = """[{"name":"http","port":8080}]""";
    private const string Endpoints = """[{"addresses":["10.244.0.5"],"conditions":{"ready":true},"nodeName":"node-1"}]""";

    private static string Slice(string name, string addressType = "IPv4", string endpoints = Endpoints, string ports = Ports, string metadataExtra = "") =>
        $$"""{"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice","metadata":{{{metadataExtra}}"name":"{{name}}"},"addressType":"{{addressType}}","endpoints":{{endpoints}},"ports":{{ports}}}""";

    /// <summary>A 422 naming the group-qualified kind, with the bare kind and the group in its details (as upstream's NewInvalid).</summary>
    private static async Task InvalidSlice(HttpResponseMessage response, string name, string message)
    {
        var status = await HttpAssert.Status(response, 422, "Invalid", $"EndpointSlice.discovery.k8s.io \"{name}\" is invalid: {message}");
        Assert.Equal(("discovery.k8s.io", "EndpointSlice", name), (Str(status["details"]!["group"]), Str(status["details"]!["kind"]), Str(status["details"]!["name"])));
    }

    [Fact]
    public async Task A_slice_is_created_read_and_listed_under_its_group_version()
    {
        await using var server = ApiServer.Start();
        var created = await server.CreateAsync(Slices, Slice("s1"));
        Assert.Equal(("discovery.k8s.io/v1", "EndpointSlice", "default"), (Str(created["apiVersion"]), Str(created["kind"]), Str(created["metadata"]!["namespace"])));
        Assert.Equal("IPv4", Str(created["addressType"]));
        AssertJson("""[{"addresses":["10.244.0.5"],"conditions":{"ready":true},"nodeName":"node-1"}]""", created["endpoints"]);
        Assert.Equal(created.ToJsonString(), (await server.GetJsonAsync(Slices + "/s1")).ToJsonString());

        await server.CreateNamespaceAsync("other");
        await server.CreateAsync(Group + "/namespaces/other/endpointslices", Slice("s2"));
        var all = await server.GetJsonAsync(Group + "/endpointslices");
        Assert.Equal(("EndpointSliceList", "discovery.k8s.io/v1"), (Str(all["kind"]), Str(all["apiVersion"])));
        Assert.Equal(["default/s1", "other/s2"], all["items"]!.AsArray().Select(i => $"{i!["metadata"]!["namespace"]}/{i["metadata"]!["name"]}"));
        Assert.Equal(["s1"], (await server.GetJsonAsync(Slices)).Names());
    }

    [Fact]
    public async Task A_generated_name_is_the_prefix_and_five_characters()
    {
        await using var server = ApiServer.Start();
        var created = await server.CreateAsync(Slices,
            """{"metadata":{"generateName":"my-service-","labels":{"kubernetes.io/service-name":"my-service"}},"addressType":"IPv4","endpoints":[]}""");
        var name = Str(created["metadata"]!["name"])!;
        Assert.StartsWith("my-service-", name, StringComparison.Ordinal);
        Assert.Equal("my-service-".Length + 5, name.Length);
        Assert.Equal("my-service-", Str(created["metadata"]!["generateName"]));
    }

    [Fact]
    public async Task Ports_default_to_an_empty_name_and_TCP_and_every_endpoint_has_conditions()
    {
        await using var server = ApiServer.Start();
        var created = await server.CreateAsync(Slices, Slice("s1", endpoints: """[{"addresses":["10.244.0.5"]}]""", ports: """[{"port":80},{"name":"dns","port":53,"protocol":"UDP"}]"""));
        AssertJson("""[{"name":"","port":80,"protocol":"TCP"},{"name":"dns","port":53,"protocol":"UDP"}]""", created["ports"]);
        AssertJson("""[{"addresses":["10.244.0.5"],"conditions":{}}]""", created["endpoints"]);
    }

    [Fact]
    public async Task Deprecated_topology_written_through_v1_is_dropped()
    {
        await using var server = ApiServer.Start();
        var created = await server.CreateAsync(Slices, Slice("s1", endpoints: """[{"addresses":["10.244.0.5"],"deprecatedTopology":{"kubernetes.io/hostname":"node-1"}}]"""));
        Assert.Null(created["endpoints"]![0]!["deprecatedTopology"]);
    }

    [Fact]
    public async Task The_generation_starts_at_one_and_moves_when_anything_but_metadata_or_when_labels_change()
    {
        await using var server = ApiServer.Start();
        var created = await server.CreateAsync(Slices, Slice("s1", metadataExtra: "\"generation\":7,"));
        Assert.Equal(1, (long)created["metadata"]!["generation"]!);

        async Task<long> GenerationAfter(string patch) =>
            (long)(await HttpAssert.Json(await server.PatchAsync(Slices + "/s1", patch), 200))["metadata"]!["generation"]!;

        Assert.Equal(1, await GenerationAfter("""{"metadata":{"annotations":{"a":"b"}}}"""));
        Assert.Equal(2, await GenerationAfter("""{"metadata":{"labels":{"kubernetes.io/service-name":"x"}}}"""));
        Assert.Equal(3, await GenerationAfter("""{"endpoints":[{"addresses":["10.244.0.6"]}]}"""));
        Assert.Equal(4, await GenerationAfter("""{"ports":[]}"""));
        // An empty list and no list are the same to Go's semantic equality: nothing changed.
        Assert.Equal(4, await GenerationAfter("""{"ports":null}"""));
        Assert.Equal(4, await GenerationAfter("""{"metadata":{"generation":1}}"""));
    }

    [Fact]
    public async Task Put_to_a_missing_name_is_404_because_slices_are_created_by_post_only()
    {
        await using var server = ApiServer.Start();
        var status = await HttpAssert.Status(await server.PutAsync(Slices + "/s1", Slice("s1")), 404, "NotFound",
            "endpointslices.discovery.k8s.io \"s1\" not found");
        Assert.Equal(("discovery.k8s.io", "endpointslices"), (Str(status["details"]!["group"]), Str(status["details"]!["kind"])));
    }

    [Fact]
    public async Task An_update_without_a_resource_version_applies_to_the_current_one_and_a_stale_one_conflicts()
    {
        await using var server = ApiServer.Start();
        var created = await server.CreateAsync(Slices, Slice("s1"));
        var updated = await HttpAssert.Json(await server.PutAsync(Slices + "/s1", Slice("s1", ports: """[{"name":"http","port":9090}]""")), 200);
        Assert.Equal(9090, (int)updated["ports"]![0]!["port"]!);
        Assert.Equal(2, (long)updated["metadata"]!["generation"]!);
        await HttpAssert.Status(await server.PutAsync(Slices + "/s1", Slice("s1", metadataExtra: $"\"resourceVersion\":\"{created.Rv()}\",")), 409, "Conflict",
            "Operation cannot be fulfilled on endpointslices.discovery.k8s.io \"s1\": the object has been modified; please apply your changes to the latest version and try again");
    }

    [Fact]
    public async Task The_address_type_is_immutable()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Slices, Slice("s1"));
        await InvalidSlice(await server.PatchAsync(Slices + "/s1", """{"addressType":"IPv6"}"""), "s1",
            "addressType: Invalid value: \"IPv6\": field is immutable");
        Assert.Equal("IPv4", Str((await server.GetJsonAsync(Slices + "/s1"))["addressType"]));
    }

    [Theory]
    [InlineData("""{"addressType":"IP","endpoints":[]}""", "addressType: Unsupported value: \"IP\": supported values: \"FQDN\", \"IPv4\", \"IPv6\"")]
    [InlineData("""{"endpoints":[]}""", "addressType: Required value")]
    [InlineData("""{"addressType":"IPv4","endpoints":[{"addresses":[]}]}""", "endpoints[0].addresses: Required value: must contain at least 1 address")]
    [InlineData("""{"addressType":"IPv4","endpoints":[{"addresses":["10.1.2.300"]}]}""", "endpoints[0].addresses[0]: Invalid value: \"10.1.2.300\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)")]
    [InlineData("""{"addressType":"IPv4","endpoints":[{"addresses":["2001:db8::1"]}]}""", "endpoints[0].addresses: Invalid value: \"2001:db8::1\": must be an IPv4 address")]
    [InlineData("""{"addressType":"IPv4","endpoints":[{"addresses":["127.0.0.1"]}]}""", "endpoints[0].addresses[0]: Invalid value: \"127.0.0.1\": may not be in the loopback range (127.0.0.0/8, ::1/128)")]
    [InlineData("""{"addressType":"IPv6","endpoints":[{"addresses":["2001:DB8::1"]}]}""", "endpoints[0].addresses[0]: Invalid value: \"2001:DB8::1\": must be in canonical form (\"2001:db8::1\")")]
    [InlineData("""{"addressType":"FQDN","endpoints":[{"addresses":["localhost"]}]}""", "endpoints[0].addresses[0]: Invalid value: \"localhost\": should be a domain with at least two segments separated by dots")]
    [InlineData("""{"addressType":"IPv4","endpoints":[{"addresses":["10.1.2.3"],"nodeName":"Node_1"}]}""", "endpoints[0].nodeName: Invalid value: \"Node_1\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")]
    [InlineData("""{"addressType":"IPv4","endpoints":[{"addresses":["10.1.2.3"],"hints":{"forZones":[{"name":"a"},{"name":"a"}]}}]}""", "endpoints[0].hints.forZones[1].name: Duplicate value: \"a\"")]
    [InlineData("""{"addressType":"IPv4","ports":[{"name":"http"},{"name":"http"}]}""", "ports[1].name: Duplicate value: \"http\"")]
    [InlineData("""{"addressType":"IPv4","ports":[{"protocol":"HTTP"}]}""", "ports[0].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"")]
    public async Task Invalid_slices_are_422_in_upstream_words(string body, string message)
    {
        await using var server = ApiServer.Start();
        var json = JsonNode.Parse(body)!.AsObject();
        json["metadata"] = new JsonObject { ["name"] = "s1" };
        await InvalidSlice(await server.PostAsync(Slices, json.ToJsonString()), "s1", message);
        Assert.Equal(404, await StatusOf(server, Slices + "/s1"));
    }

    [Fact]
    public async Task Several_problems_are_listed_together_in_upstream_order()
    {
        await using var server = ApiServer.Start();
        await InvalidSlice(await server.PostAsync(Slices, Slice("Bad_Name", addressType: "IPv6", endpoints: """[{"addresses":["10.1.2.3"]}]""", ports: """[{"name":"Http"}]""")), "Bad_Name",
            "[" +
            "metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*'), " +
            "ports[0].name: Invalid value: \"Http\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?'), " +
            "endpoints[0].addresses: Invalid value: \"10.1.2.3\": must be an IPv6 address]");
    }

    [Fact]
    public async Task Slices_of_a_service_are_selected_by_the_service_name_label()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Slices, Slice("web-abc12", metadataExtra: "\"labels\":{\"kubernetes.io/service-name\":\"web\"},"));
        await server.CreateAsync(Slices, Slice("web-def34", metadataExtra: "\"labels\":{\"kubernetes.io/service-name\":\"web\"},"));
        await server.CreateAsync(Slices, Slice("db-xyz56", metadataExtra: "\"labels\":{\"kubernetes.io/service-name\":\"db\"},"));
        Assert.Equal(["web-abc12", "web-def34"], (await server.GetJsonAsync(Slices + "?labelSelector=kubernetes.io%2Fservice-name%3Dweb")).Names());
        Assert.Equal(["db-xyz56"], (await server.GetJsonAsync(Group + "/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3Ddb")).Names());
    }

    [Fact]
    public async Task Only_name_and_namespace_are_field_selectors()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Slices, Slice("s1"));
        await server.CreateAsync(Slices, Slice("s2"));
        Assert.Equal(["s2"], (await server.GetJsonAsync(Group + "/endpointslices?fieldSelector=metadata.name%3Ds2,metadata.namespace%3Ddefault")).Names());
        await HttpAssert.Status(await server.GetAsync(Slices + "?fieldSelector=addressType%3DIPv4"), 400, "BadRequest",
            "\"addressType\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"");
    }

    [Fact]
    public async Task Delete_answers_the_last_state_and_deletecollection_the_deleted_list()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Slices, Slice("s1"));
        await server.CreateAsync(Slices, Slice("s2", metadataExtra: "\"labels\":{\"kubernetes.io/service-name\":\"web\"},"));
        var deleted = await HttpAssert.Json(await server.DeleteAsync(Slices + "/s1"), 200);
        Assert.Equal(("EndpointSlice", "s1"), (Str(deleted["kind"]), Str(deleted["metadata"]!["name"])));
        var collection = await HttpAssert.Json(await server.DeleteAsync(Slices + "?labelSelector=kubernetes.io%2Fservice-name%3Dweb"), 200);
        Assert.Equal(("EndpointSliceList", "discovery.k8s.io/v1"), (Str(collection["kind"]), Str(collection["apiVersion"])));
        Assert.Equal(["s2"], collection.Names());
        Assert.Empty((await server.GetJsonAsync(Slices))["items"]!.AsArray());
    }

    [Fact]
    public async Task A_watch_sees_changes_with_the_group_version()
    {
        await using var server = ApiServer.Start();
        await using var watch = await WatchStream.OpenAsync(server, Slices + "?watch=true&labelSelector=kubernetes.io%2Fservice-name%3Dweb");
        Assert.Equal(HttpStatusCode.OK, watch.Response.StatusCode);

        await server.CreateAsync(Slices, Slice("other"));
        await server.CreateAsync(Slices, Slice("s1", metadataExtra: "\"labels\":{\"kubernetes.io/service-name\":\"web\"},"));
        await server.PatchAsync(Slices + "/s1", """{"endpoints":[{"addresses":["10.244.0.9"],"conditions":{"ready":false}}]}""");
        await server.DeleteAsync(Slices + "/s1");
        var events = new List<JsonObject>();
        for (var i = 0; i < 3; i++)
        {
            events.Add((await watch.NextAsync())!);
        }
        Assert.Equal(["ADDED", "MODIFIED", "DELETED"], events.Select(e => Str(e["type"])));
        Assert.All(events, e => Assert.Equal(("discovery.k8s.io/v1", "EndpointSlice", "s1"), (Str(e["object"]!["apiVersion"]), Str(e["object"]!["kind"]), Str(e["object"]!["metadata"]!["name"]))));
        Assert.Equal("10.244.0.9", Str(events[1]["object"]!["endpoints"]![0]!["addresses"]![0]));
    }

    [Fact]
    public async Task Deleting_a_namespace_deletes_its_slices()
    {
        await using var server = ApiServer.Start();
        await server.CreateNamespaceAsync("doomed");
        await server.CreateAsync(Group + "/namespaces/doomed/endpointslices", Slice("s1"));
        await HttpAssert.Json(await server.DeleteAsync(ApiTestKit.Namespaces + "/doomed"), 200);
        await Eventually(async () => await StatusOf(server, ApiTestKit.Namespaces + "/doomed") == 404, TimeSpan.FromSeconds(20), "the namespace to go");
        Assert.Equal(404, await StatusOf(server, Group + "/namespaces/doomed/endpointslices/s1"));
    }

    [Fact]
    public async Task Discovery_serves_the_group_and_its_one_resource()
    {
        await using var server = ApiServer.Start();
        var group = await server.GetJsonAsync("/apis/discovery.k8s.io");
        Assert.Equal(("APIGroup", "discovery.k8s.io", "discovery.k8s.io/v1"), (Str(group["kind"]), Str(group["name"]), Str(group["preferredVersion"]!["groupVersion"])));

        var list = await server.GetJsonAsync(Group);
        Assert.Equal(("APIResourceList", "discovery.k8s.io/v1"), (Str(list["kind"]), Str(list["groupVersion"])));
        var resource = Assert.Single(list["resources"]!.AsArray())!;
        Assert.Equal(("endpointslices", "endpointslice", "EndpointSlice", true), (Str(resource["name"]), Str(resource["singularName"]), Str(resource["kind"]), (bool)resource["namespaced"]!));
        Assert.Equal(["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"], resource["verbs"]!.AsArray().Select(v => Str(v)));
        Assert.Null(resource["shortNames"]);
        Assert.Null(resource["categories"]);

        var aggregated = await HttpAssert.Json(await server.SendAsync(HttpMethod.Get, "/apis", null, "application/json",
            "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"), 200);
        var entry = aggregated["items"]!.AsArray().Single(g => Str(g!["metadata"]!["name"]) == "discovery.k8s.io")!;
        var version = Assert.Single(entry["versions"]!.AsArray())!;
        var slices = Assert.Single(version["resources"]!.AsArray())!;
        Assert.Equal(("endpointslices", "endpointslice", "Namespaced", "EndpointSlice"),
            (Str(slices["resource"]), Str(slices["singularResource"]), Str(slices["scope"]), Str(slices["responseKind"]!["kind"])));
        Assert.Null(slices["subresources"]);
    }
}
