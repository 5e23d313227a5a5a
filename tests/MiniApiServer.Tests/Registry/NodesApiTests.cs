using System.Net;
using System.Text.Json.Nodes;
using MiniApiServer.Tests.Api;
using MiniApiServer.Tests.Api.Watch;
using static MiniApiServer.Tests.Registry.KindApi;

namespace MiniApiServer.Tests.Registry;

/// <summary>
/// core/v1 Nodes over HTTP: cluster-scoped paths, a status kept on create (a kubelet registers its node with it), the
/// main resource and <c>/status</c> each keeping the other half, upstream's validation messages, the
/// <c>spec.unschedulable</c> field selector, and watch.
/// </summary>
public sealed class NodesApiTests
{
    private const string Nodes = "/api/v1/nodes";

    private const string KubeletStatus = """
        {"capacity":{"cpu":"4","memory":"8Gi","pods":"110"},
         "addresses":[{"type":"InternalIP","address":"10.0.0.5"},{"type":"Hostname","address":"n1"}],
         "conditions":[{"type":"Ready","status":"True","reason":"KubeletReady","message":"kubelet is posting ready status"}]}
        """;

    private static string Node(string name, string spec = "{}", string? status = null, string metadataExtra = "") =>
        $$"""{"apiVersion":"v1","kind":"Node","metadata":{{{metadataExtra}}"name":"{{name}}"},"spec":{{spec}}{{(status is null ? "" : ",\"status\":" + status)}}}""";

    private static string TaintsAnnotation(string json) => $$"""
        "annotations":{"scheduler.alpha.kubernetes.io/taints":"{{json}}"},
        """;

    private static async Task<JsonObject> Create(ApiServer server, string body) => await HttpAssert.Json(await server.PostAsync(Nodes, body), 201);

    [Fact]
    public async Task A_node_is_created_with_its_status_and_no_namespace()
    {
        await using var server = ApiServer.Start();
        var created = await Create(server, Node("n1", status: KubeletStatus, metadataExtra: "\"namespace\":\"default\","));
        Assert.Equal(("v1", "Node", null), (Str(created["apiVersion"]), Str(created["kind"]), Str(created["metadata"]!["namespace"])));
        var status = created["status"]!;
        // Nodes keep the status they are created with; allocatable defaults to the capacity.
        AssertJson("""{"cpu":"4","memory":"8Gi","pods":"110"}""", status["capacity"]);
        AssertJson("""{"cpu":"4","memory":"8Gi","pods":"110"}""", status["allocatable"]);
        Assert.Equal(("Ready", "KubeletReady"), (Str(status["conditions"]![0]!["type"]), Str(status["conditions"]![0]!["reason"])));
        Assert.Equal("10.0.0.5", Str(status["addresses"]![0]!["address"]));
        Assert.Equal(created.ToJsonString(), (await server.GetJsonAsync(Nodes + "/n1")).ToJsonString());
    }

    [Fact]
    public async Task A_bare_node_reads_as_kube_apiserver_writes_it()
    {
        await using var server = ApiServer.Start();
        var created = await Create(server, """{"metadata":{"name":"n1"}}""");
        AssertJson("{}", created["spec"]);
        AssertJson("""
            {"daemonEndpoints":{"kubeletEndpoint":{"Port":0}},
             "nodeInfo":{"architecture":"","bootID":"","containerRuntimeVersion":"","kernelVersion":"","kubeProxyVersion":"","kubeletVersion":"","machineID":"","operatingSystem":"","osImage":"","systemUUID":""}}
            """, created["status"]);
    }

    [Fact]
    public async Task Nodes_are_listed_cluster_wide_and_not_served_under_a_namespace()
    {
        await using var server = ApiServer.Start();
        await Create(server, Node("n2"));
        await Create(server, Node("n1"));
        var list = await server.GetJsonAsync(Nodes);
        Assert.Equal(("NodeList", "v1"), (Str(list["kind"]), Str(list["apiVersion"])));
        Assert.Equal(["n1", "n2"], list.Names());
        await HttpAssert.Status(await server.GetAsync("/api/v1/namespaces/default/nodes"), 404, "NotFound");
        await HttpAssert.Status(await server.GetAsync(Nodes + "/absent"), 404, "NotFound", "nodes \"absent\" not found");
    }

    [Fact]
    public async Task The_singular_pod_cidr_becomes_the_list_and_the_list_gives_the_singular()
    {
        await using var server = ApiServer.Start();
        var single = await Create(server, Node("n1", """{"podCIDR":"10.244.1.0/24"}"""));
        AssertJson("""{"podCIDR":"10.244.1.0/24","podCIDRs":["10.244.1.0/24"]}""", single["spec"]);
        var list = await Create(server, Node("n2", """{"podCIDRs":["10.244.2.0/24","fd00:10:244:2::/64"]}"""));
        AssertJson("""{"podCIDR":"10.244.2.0/24","podCIDRs":["10.244.2.0/24","fd00:10:244:2::/64"]}""", list["spec"]);
    }

    [Fact]
    public async Task An_update_keeps_the_stored_status_and_a_status_update_the_stored_spec()
    {
        await using var server = ApiServer.Start();
        await Create(server, Node("n1", status: KubeletStatus));

        var put = await HttpAssert.Json(await server.PutAsync(Nodes + "/n1",
            Node("n1", """{"unschedulable":true}""", """{"capacity":{"cpu":"1"}}""")), 200);
        Assert.True((bool?)put["spec"]!["unschedulable"]);
        Assert.Equal("4", Str(put["status"]!["capacity"]!["cpu"]));

        var status = await HttpAssert.Json(await server.PutAsync(Nodes + "/n1/status",
            Node("n1", """{"unschedulable":false,"providerID":"x"}""", """{"capacity":{"cpu":"2"},"phase":"Running"}""")), 200);
        Assert.True((bool?)status["spec"]!["unschedulable"]);
        Assert.Null(status["spec"]!["providerID"]);
        Assert.Equal(("2", "2", "Running"), (Str(status["status"]!["capacity"]!["cpu"]), Str(status["status"]!["allocatable"]!["cpu"]), Str(status["status"]!["phase"])));
        Assert.Equal(status.ToJsonString(), (await server.GetJsonAsync(Nodes + "/n1/status")).ToJsonString());
    }

    [Fact]
    public async Task A_merge_patch_of_status_replaces_the_conditions()
    {
        await using var server = ApiServer.Start();
        await Create(server, Node("n1", status: KubeletStatus));
        var patched = await HttpAssert.Json(await server.PatchAsync(Nodes + "/n1/status",
            """{"status":{"conditions":[{"type":"Ready","status":"False","reason":"KubeletNotReady"}]}}"""), 200);
        Assert.Equal(("False", "KubeletNotReady"), (Str(patched["status"]!["conditions"]![0]!["status"]), Str(patched["status"]!["conditions"]![0]!["reason"])));
        var ignored = await HttpAssert.Json(await server.PatchAsync(Nodes + "/n1", """{"status":{"phase":"Terminated"},"spec":{"unschedulable":true}}"""), 200);
        Assert.Null(ignored["status"]!["phase"]);
        Assert.True((bool?)ignored["spec"]!["unschedulable"]);
    }

    [Theory]
    [InlineData("Bad_Name", "{}", null,
        "metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")]
    [InlineData("n1", """{"taints":[{"key":"dedicated","value":"gpu"}]}""", null, "metadata.taints[0].effect: Required value")]
    [InlineData("n1", """{"taints":[{"key":"dedicated","effect":"NoAdmit"}]}""", null,
        "metadata.taints[0].effect: Unsupported value: \"NoAdmit\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\"")]
    [InlineData("n1", """{"taints":[{"key":"a","effect":"NoSchedule"},{"key":"a","value":"b","effect":"NoSchedule"}]}""", null,
        "metadata.taints[1]: Duplicate value: core.Taint{Key:\"a\", Value:\"b\", Effect:\"NoSchedule\", TimeAdded:<nil>}: taints must be unique by key and effect pair")]
    [InlineData("n1", "{}", """{"capacity":{"cpu":"-1500m"}}""",
        "[status.capacity.cpu: Invalid value: \"-1500m\": must be greater than or equal to 0, status.allocatable.cpu: Invalid value: \"-1500m\": must be greater than or equal to 0]")]
    [InlineData("n1", """{"podCIDRs":["10.244.0.0/24","10.245.0.0/24"]}""", null,
        "spec.podCIDRs: Invalid value: []string{\"10.244.0.0/24\", \"10.245.0.0/24\"}: may specify no more than one CIDR for each IP family")]
    [InlineData("n1", """{"podCIDRs":["10.244.0.0/33"]}""", null,
        "spec.podCIDRs[0]: Invalid value: \"10.244.0.0/33\": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)")]
    public async Task Invalid_nodes_are_422_in_upstream_words(string name, string spec, string? status, string message)
    {
        await using var server = ApiServer.Start();
        await Invalid(await server.PostAsync(Nodes, Node(name, spec, status)), "Node", name, message);
        Assert.Equal(404, await StatusOf(server, $"{Nodes}/{name}"));
    }

    [Theory]
    [InlineData("""{"podCIDRs":["10.244.1.0/24"]}""", """{"podCIDRs":["10.244.9.0/24"]}""",
        "spec.podCIDRs: Forbidden: node updates may not change podCIDR except from \"\" to valid")]
    [InlineData("""{"providerID":"aws:///i-1"}""", """{"providerID":"aws:///i-2"}""",
        "spec.providerID: Forbidden: node updates may not change providerID except from \"\" to valid")]
    [InlineData("""{"externalID":"a"}""", """{"externalID":"b"}""", "spec.externalID: Forbidden: may not be updated")]
    public async Task Pod_cidrs_and_provider_id_are_fixed_once_set(string before, string after, string message)
    {
        await using var server = ApiServer.Start();
        await Create(server, Node("n1", before));
        await Invalid(await server.PutAsync(Nodes + "/n1", Node("n1", after)), "Node", "n1", message);
    }

    [Fact]
    public async Task Pod_cidrs_and_provider_id_may_be_set_once()
    {
        await using var server = ApiServer.Start();
        await Create(server, Node("n1"));
        var updated = await HttpAssert.Json(await server.PatchAsync(Nodes + "/n1", """{"spec":{"podCIDRs":["10.244.1.0/24"],"providerID":"kind://n1"}}"""), 200);
        Assert.Equal(("10.244.1.0/24", "kind://n1"), (Str(updated["spec"]!["podCIDR"]), Str(updated["spec"]!["providerID"])));
    }

    [Fact]
    public async Task A_status_update_with_duplicate_addresses_is_422()
    {
        await using var server = ApiServer.Start();
        await Create(server, Node("n1"));
        await Invalid(await server.PatchAsync(Nodes + "/n1/status",
                """{"status":{"addresses":[{"type":"InternalIP","address":"10.0.0.5"},{"type":"InternalIP","address":"10.0.0.5"}]}}"""),
            "Node", "n1", "status.addresses[1]: Duplicate value: core.NodeAddress{Type:\"InternalIP\", Address:\"10.0.0.5\"}");
    }

    [Fact]
    public async Task The_legacy_taints_annotation_is_validated()
    {
        await using var server = ApiServer.Start();
        await Invalid(await server.PostAsync(Nodes, Node("n1", metadataExtra: TaintsAnnotation("{}"))),
            "Node", "n1", "metadata.annotations: Invalid value: \"scheduler.alpha.kubernetes.io/taints\": json: cannot unmarshal object into Go value of type []core.Taint");
        await Invalid(await server.PostAsync(Nodes, Node("n1", metadataExtra: TaintsAnnotation("""[{\"key\":\"a\"}]"""))),
            "Node", "n1", "metadata.annotations.scheduler.alpha.kubernetes.io/taints[0].effect: Required value");
        await Create(server, Node("n1", metadataExtra: TaintsAnnotation("""[{\"Key\":\"a\",\"EFFECT\":\"NoSchedule\"}]""")));
    }

    [Fact]
    public async Task Spec_unschedulable_is_a_field_selector()
    {
        await using var server = ApiServer.Start();
        await Create(server, Node("n1", """{"unschedulable":true}"""));
        await Create(server, Node("n2"));
        Assert.Equal(["n1"], (await server.GetJsonAsync(Nodes + "?fieldSelector=spec.unschedulable%3Dtrue")).Names());
        Assert.Equal(["n2"], (await server.GetJsonAsync(Nodes + "?fieldSelector=spec.unschedulable%3Dfalse")).Names());
        Assert.Equal(["n2"], (await server.GetJsonAsync(Nodes + "?fieldSelector=spec.unschedulable!%3Dtrue,metadata.name%3Dn2")).Names());
        await HttpAssert.Status(await server.GetAsync(Nodes + "?fieldSelector=metadata.namespace%3Ddefault"), 400, "BadRequest",
            "field label not supported: metadata.namespace");
    }

    [Fact]
    public async Task A_watch_sees_a_node_registered_its_status_and_its_deletion()
    {
        await using var server = ApiServer.Start();
        await using var watch = await WatchStream.OpenAsync(server, Nodes + "?watch=true&fieldSelector=spec.unschedulable%3Dfalse");
        Assert.Equal(HttpStatusCode.OK, watch.Response.StatusCode);
        await Create(server, Node("n1", status: KubeletStatus));
        await server.PatchAsync(Nodes + "/n1/status", """{"status":{"conditions":[{"type":"Ready","status":"False"}]}}""");
        await server.PatchAsync(Nodes + "/n1", """{"spec":{"unschedulable":true}}""");
        var events = await watch.TakeAsync(3);
        Assert.Equal(["ADDED", "MODIFIED", "DELETED"], events.Select(e => Str(e["type"])));
        Assert.All(events, e => Assert.Equal(("Node", "n1"), (Str(e["object"]!["kind"]), Str(e["object"]!["metadata"]!["name"]))));
        Assert.Equal("False", Str(events[1]["object"]!["status"]!["conditions"]![0]!["status"]));
    }

    [Fact]
    public async Task Delete_answers_the_node_and_deletecollection_the_deleted_list()
    {
        await using var server = ApiServer.Start();
        await Create(server, Node("n1"));
        await Create(server, Node("n2", metadataExtra: "\"labels\":{\"pool\":\"gpu\"},"));
        var deleted = await HttpAssert.Json(await server.DeleteAsync(Nodes + "/n1"), 200);
        Assert.Equal(("Node", "n1"), (Str(deleted["kind"]), Str(deleted["metadata"]!["name"])));
        var collection = await HttpAssert.Json(await server.DeleteAsync(Nodes + "?labelSelector=pool%3Dgpu"), 200);
        Assert.Equal("NodeList", Str(collection["kind"]));
        Assert.Equal(["n2"], collection.Names());
        Assert.Empty((await server.GetJsonAsync(Nodes)).Names());
    }
}
