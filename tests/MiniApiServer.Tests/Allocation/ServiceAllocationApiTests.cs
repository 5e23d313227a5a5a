using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;

namespace MiniApiServer.Tests.Allocation;

/// <summary>Cluster IP and node port allocation as clients see it over HTTP.</summary>
public sealed class ServiceAllocationApiTests
{
    private const string Services = "/api/v1/namespaces/default/services";

    private static string Svc(string name, string? clusterIp = null, string type = "ClusterIP", string ports = """[{"port":80}]""")
    {
        var ip = clusterIp is null ? "" : $"\"clusterIP\":\"{clusterIp}\",";
        return "{\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{\"type\":\"" + type + "\"," + ip + "\"ports\":" + ports + "}}";
    }

    private static ApiServer Start(string range, string? dir = null) =>
        ApiServer.Start(dir, new Dictionary<string, string> { ["service-cluster-ip-range"] = range });

    private static string ClusterIp(JsonObject svc) => (string)svc["spec"]!["clusterIP"]!;

    [Fact]
    public async Task Create_without_clusterIP_allocates_one_from_the_range_and_mirrors_it_in_clusterIPs()
    {
        await using var server = Start("10.0.0.0/24");
        var svc = await HttpAssert.Json(await server.PostAsync(Services, Svc("web")), 201);
        var ip = IPAddress.Parse(ClusterIp(svc));
        var bytes = ip.GetAddressBytes();
        Assert.Equal([10, 0, 0], bytes[..3]);
        Assert.InRange(bytes[3], 17, 254); // dynamic band first: the lower 16 are kept for requested IPs
        Assert.Equal([ClusterIp(svc)], svc["spec"]!["clusterIPs"]!.AsArray().Select(n => (string)n!));
    }

    [Fact]
    public async Task A_requested_IP_is_honoured_and_a_taken_or_outside_one_is_422()
    {
        await using var server = Start("10.0.0.0/24");
        Assert.Equal("10.0.0.5", ClusterIp(await HttpAssert.Json(await server.PostAsync(Services, Svc("a", "10.0.0.5")), 201)));
        await HttpAssert.Status(await server.PostAsync(Services, Svc("b", "10.0.0.5")), 422, "Invalid",
            "Service \"b\" is invalid: spec.clusterIPs: Invalid value: []string{\"10.0.0.5\"}: failed to allocate IP 10.0.0.5: provided IP is already allocated");
        await HttpAssert.Status(await server.PostAsync(Services, Svc("c", "10.0.1.5")), 422, "Invalid",
            "Service \"c\" is invalid: spec.clusterIPs: Invalid value: []string{\"10.0.1.5\"}: failed to allocate IP 10.0.1.5: the provided IP (10.0.1.5) is not in the valid range. The range of valid IPs is 10.0.0.0/24");
        await HttpAssert.Status(await server.PostAsync(Services, Svc("d", "10.0.0.255")), 422, "Invalid");
    }

    [Fact]
    public async Task Headless_and_ExternalName_services_get_no_IP()
    {
        await using var server = Start("10.0.0.0/28");
        var headless = await HttpAssert.Json(await server.PostAsync(Services, """{"metadata":{"name":"h"},"spec":{"clusterIP":"None","selector":{"a":"b"}}}"""), 201);
        Assert.Equal("None", ClusterIp(headless));
        var external = await HttpAssert.Json(await server.PostAsync(Services, """{"metadata":{"name":"e"},"spec":{"type":"ExternalName","externalName":"example.com"}}"""), 201);
        Assert.Null(external["spec"]!["clusterIP"]);
    }

    [Fact]
    public async Task A_28_fills_to_its_real_capacity_then_answers_range_is_full_and_stores_nothing()
    {
        await using var server = Start("10.0.0.0/28");
        // 14 usable addresses; default/kubernetes holds the first.
        var ips = new HashSet<string> { "10.0.0.1" };
        for (var i = 0; i < 13; i++)
        {
            ips.Add(ClusterIp(await HttpAssert.Json(await server.PostAsync(Services, Svc("s" + i)), 201)));
        }
        Assert.Equal(14, ips.Count);
        Assert.DoesNotContain("10.0.0.0", ips);
        Assert.DoesNotContain("10.0.0.15", ips);
        await HttpAssert.Status(await server.PostAsync(Services, Svc("full")), 500, "InternalError",
            "Internal error occurred: failed to allocate a serviceIP: range is full");
        await HttpAssert.Status(await server.GetAsync(Services + "/full"), 404, "NotFound");
        // Deleting one gives its IP back.
        await HttpAssert.Json(await server.DeleteAsync(Services + "/s0"), 200);
        await HttpAssert.Json(await server.PostAsync(Services, Svc("again")), 201);
    }

    [Fact]
    public async Task Failed_creates_and_dry_runs_keep_nothing()
    {
        await using var server = Start("10.0.0.0/28");
        for (var i = 0; i < 20; i++)
        {
            await HttpAssert.Status(await server.PostAsync(Services, Svc("bad" + i, ports: """[{"port":0}]""")), 422, "Invalid");
            await HttpAssert.Json(await server.PostAsync(Services + "?dryRun=All", Svc("dry" + i)), 201);
        }
        for (var i = 0; i < 13; i++)
        {
            await HttpAssert.Json(await server.PostAsync(Services, Svc("s" + i)), 201);
        }
    }

    [Fact]
    public async Task Update_keeps_the_IP_and_a_change_is_refused()
    {
        await using var server = Start("10.0.0.0/24");
        var created = await HttpAssert.Json(await server.PostAsync(Services, Svc("web")), 201);
        var kept = await HttpAssert.Json(await server.PutAsync(Services + "/web", Svc("web")), 200);
        Assert.Equal(ClusterIp(created), ClusterIp(kept));
        var other = ClusterIp(created) == "10.0.0.9" ? "10.0.0.8" : "10.0.0.9";
        var status = await HttpAssert.Status(await server.PutAsync(Services + "/web", Svc("web", other)), 422, "Invalid");
        Assert.Contains("may not change once set", (string?)status["message"], StringComparison.Ordinal);
        // The refused IP was not kept.
        await HttpAssert.Json(await server.PostAsync(Services, Svc("other", other)), 201);
    }

    [Fact]
    public async Task NodePorts_are_allocated_shared_by_protocol_refused_when_taken_and_released_on_type_change()
    {
        await using var server = Start("10.0.0.0/24");
        var svc = await HttpAssert.Json(await server.PostAsync(Services, Svc("np", type: "NodePort",
            ports: """[{"name":"t","port":80},{"name":"u","port":80,"protocol":"UDP"},{"name":"x","port":81,"nodePort":30005}]""")), 201);
        var nodePorts = svc["spec"]!["ports"]!.AsArray().Select(p => (int)p!["nodePort"]!).ToList();
        Assert.Equal(nodePorts[0], nodePorts[1]);
        Assert.InRange(nodePorts[0], 30000, 32767);
        Assert.Equal(30005, nodePorts[2]);
        await HttpAssert.Status(await server.PostAsync(Services, Svc("np2", type: "NodePort", ports: """[{"port":81,"nodePort":30005}]""")), 422, "Invalid",
            "Service \"np2\" is invalid: spec.ports[0].nodePort: Invalid value: 30005: provided port is already allocated");
        await HttpAssert.Json(await server.PutAsync(Services + "/np", Svc("np", type: "ClusterIP", ports: """[{"name":"t","port":80}]""")), 200);
        await HttpAssert.Json(await server.PostAsync(Services, Svc("np3", type: "NodePort", ports: """[{"port":81,"nodePort":30005}]""")), 201);
    }

    [Fact]
    public async Task After_a_restart_the_allocator_holds_exactly_the_stored_IPs()
    {
        var dir = Path.Combine(Path.GetTempPath(), "miniapiserver-tests", Guid.NewGuid().ToString("N"));
        string held;
        await using (var server = Start("10.0.0.0/28", dir))
        {
            held = ClusterIp(await HttpAssert.Json(await server.PostAsync(Services, Svc("web")), 201));
            await HttpAssert.Json(await server.PostAsync(Services, Svc("gone")), 201);
            await HttpAssert.Json(await server.DeleteAsync(Services + "/gone"), 200);
        }
        await using (var server = Start("10.0.0.0/28", dir))
        {
            await HttpAssert.Status(await server.PostAsync(Services, Svc("copy", held)), 422, "Invalid");
            // 14 usable: kubernetes and web hold two, so exactly 12 more fit.
            for (var i = 0; i < 12; i++)
            {
                await HttpAssert.Json(await server.PostAsync(Services, Svc("s" + i)), 201);
            }
            await HttpAssert.Status(await server.PostAsync(Services, Svc("full")), 500, "InternalError");
        }
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public async Task Two_thousand_concurrent_creates_never_share_an_IP()
    {
        await using var server = Start("10.0.0.0/16");
        var ips = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 2000), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, _) =>
        {
            ips.Add(ClusterIp(await HttpAssert.Json(await server.PostAsync(Services, Svc("s" + i)), 201)));
        });
        Assert.Equal(2000, ips.Distinct().Count());
        Assert.DoesNotContain("10.0.0.1", ips);
    }

    [Fact]
    public async Task Dual_stack_policies_get_one_IP_per_family_in_the_order_of_ipFamilies()
    {
        await using var server = Start("10.0.0.0/24,fd00::/120");
        static async Task<List<string>> Ips(ApiServer server, string name, string spec)
        {
            var body = "{\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{" + spec + "\"ports\":[{\"port\":80}]}}";
            var svc = await HttpAssert.Json(await server.PostAsync(Services, body), 201);
            return [.. svc["spec"]!["clusterIPs"]!.AsArray().Select(n => (string)n!)];
        }
        var single = await Ips(server, "single", "");
        Assert.Single(single);
        Assert.StartsWith("10.0.0.", single[0], StringComparison.Ordinal);
        var prefer = await Ips(server, "prefer", "\"ipFamilyPolicy\":\"PreferDualStack\",");
        Assert.Equal(2, prefer.Count);
        Assert.StartsWith("10.0.0.", prefer[0], StringComparison.Ordinal);
        Assert.StartsWith("fd00::", prefer[1], StringComparison.Ordinal);
        var v6First = await Ips(server, "v6first", "\"ipFamilyPolicy\":\"RequireDualStack\",\"ipFamilies\":[\"IPv6\",\"IPv4\"],");
        Assert.StartsWith("fd00::", v6First[0], StringComparison.Ordinal);
        Assert.StartsWith("10.0.0.", v6First[1], StringComparison.Ordinal);
        var v6Only = await Ips(server, "v6only", "\"ipFamilies\":[\"IPv6\"],");
        Assert.StartsWith("fd00::", Assert.Single(v6Only), StringComparison.Ordinal);
        var requested = await Ips(server, "requested", "\"ipFamilyPolicy\":\"PreferDualStack\",\"clusterIP\":\"10.0.0.7\",\"clusterIPs\":[\"10.0.0.7\",\"fd00::7\"],");
        Assert.Equal(["10.0.0.7", "fd00::7"], requested);
    }

    [Fact]
    public async Task Changing_to_ExternalName_releases_the_IP_and_back_allocates_one()
    {
        await using var server = Start("10.0.0.0/28");
        var ip = ClusterIp(await HttpAssert.Json(await server.PostAsync(Services, Svc("web")), 201));
        await HttpAssert.Json(await server.PutAsync(Services + "/web",
            """{"metadata":{"name":"web"},"spec":{"type":"ExternalName","externalName":"example.com"}}"""), 200);
        await HttpAssert.Json(await server.PostAsync(Services, Svc("reuse", ip)), 201);
        var back = await HttpAssert.Json(await server.PutAsync(Services + "/web", Svc("web")), 200);
        Assert.NotEqual(ip, ClusterIp(back));
        Assert.StartsWith("10.0.0.", ClusterIp(back), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_local_LoadBalancer_gets_a_health_check_node_port_and_a_requested_one_is_reserved()
    {
        await using var server = Start("10.0.0.0/24");
        var auto = await HttpAssert.Json(await server.PostAsync(Services,
            """{"metadata":{"name":"lb"},"spec":{"type":"LoadBalancer","externalTrafficPolicy":"Local","ports":[{"port":80}]}}"""), 201);
        Assert.InRange((int)auto["spec"]!["healthCheckNodePort"]!, 30000, 32767);
        await HttpAssert.Json(await server.PostAsync(Services,
            """{"metadata":{"name":"lb2"},"spec":{"type":"LoadBalancer","externalTrafficPolicy":"Local","healthCheckNodePort":30010,"ports":[{"port":80}]}}"""), 201);
        await HttpAssert.Status(await server.PostAsync(Services, Svc("np", type: "NodePort", ports: """[{"port":81,"nodePort":30010}]""")), 422, "Invalid",
            "Service \"np\" is invalid: spec.ports[0].nodePort: Invalid value: 30010: provided port is already allocated");
    }

    [Fact]
    public async Task Create_and_delete_cycles_return_every_IP_and_node_port()
    {
        await using var server = ApiServer.Start(null, new Dictionary<string, string>
        {
            ["service-cluster-ip-range"] = "10.0.0.0/28",
            ["service-node-port-range"] = "30000-30012",
        });
        for (var cycle = 0; cycle < 3; cycle++)
        {
            // 13 free addresses (the kubernetes Service holds one) and 13 node ports: fill both, then free both.
            for (var i = 0; i < 13; i++)
            {
                await HttpAssert.Json(await server.PostAsync(Services, Svc("s" + i, type: "NodePort", ports: """[{"port":80}]""")), 201);
            }
            await HttpAssert.Status(await server.PostAsync(Services, Svc("extra")), 500, "InternalError");
            for (var i = 0; i < 13; i++)
            {
                await HttpAssert.Json(await server.DeleteAsync(Services + "/s" + i), 200);
            }
        }
    }
}
