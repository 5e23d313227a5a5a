using System.Text.Json.Nodes;

namespace MiniApiServer.Tests.Api.Networking;

/// <summary>networking.k8s.io/v1 ServiceCIDRs and IPAddresses over HTTP: what they show, and that they follow the Services.</summary>
public sealed class AllocationViewsApiTests
{
    private const string Group = "/apis/networking.k8s.io/v1";
    private const string IpAddresses = Group + "/ipaddresses";
    private const string ServiceCidrs = Group + "/servicecidrs";
    private const string Services = "/api/v1/namespaces/default/services";

    private static ApiServer Start(string range) =>
        ApiServer.Start(settings: new Dictionary<string, string> { ["service-cluster-ip-range"] = range });

    private static string Svc(string name, string extraSpec = "") =>
        "{\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{" + extraSpec + "\"ports\":[{\"port\":80}]}}";

    private static Dictionary<string, JsonObject> ByName(JsonObject list) =>
        list["items"]!.AsArray().ToDictionary(i => (string)i!["metadata"]!["name"]!, i => i!.AsObject());

    private static (string? Group, string? Resource, string? Namespace, string? Name) ParentRef(JsonObject address)
    {
        var p = address["spec"]!["parentRef"]!;
        return ((string?)p["group"], (string?)p["resource"], (string?)p["namespace"], (string?)p["name"]);
    }

    [Fact]
    public async Task The_kubernetes_ServiceCIDR_shows_the_configured_ranges_primary_first_and_is_Ready()
    {
        await using var server = Start("fd00:10:96::/112,10.96.0.0/16");
        var list = await server.GetJsonAsync(ServiceCidrs);
        Assert.Equal(("ServiceCIDRList", "networking.k8s.io/v1"), ((string?)list["kind"], (string?)list["apiVersion"]));
        Assert.Equal(server.Revision().ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)list["metadata"]!["resourceVersion"]);
        var cidr = Assert.Single(list["items"]!.AsArray())!.AsObject();
        Assert.Equal("kubernetes", (string?)cidr["metadata"]!["name"]);
        Assert.Equal(["fd00:10:96::/112", "10.96.0.0/16"], cidr["spec"]!["cidrs"]!.AsArray().Select(c => (string)c!));
        var ready = Assert.Single(cidr["status"]!["conditions"]!.AsArray())!;
        Assert.Equal(("Ready", "True", "", "Kubernetes default Service CIDR is ready"),
            ((string?)ready["type"], (string?)ready["status"], (string?)ready["reason"], (string?)ready["message"]));

        var one = await server.GetJsonAsync(ServiceCidrs + "/kubernetes");
        Assert.Equal(("ServiceCIDR", "networking.k8s.io/v1"), ((string?)one["kind"], (string?)one["apiVersion"]));
        Assert.Equal((string?)cidr["metadata"]!["uid"], (string?)one["metadata"]!["uid"]);
        Assert.Equal((string?)cidr["metadata"]!["creationTimestamp"], (string?)one["metadata"]!["creationTimestamp"]);
        Assert.NotNull((string?)one["metadata"]!["uid"]);
    }

    [Fact]
    public async Task The_kubernetes_Service_IP_is_listed_with_its_parentRef_and_labels()
    {
        await using var server = Start("10.0.0.0/24");
        var list = await server.GetJsonAsync(IpAddresses);
        Assert.Equal(("IPAddressList", "networking.k8s.io/v1"), ((string?)list["kind"], (string?)list["apiVersion"]));
        var address = Assert.Single(list["items"]!.AsArray())!.AsObject();
        Assert.Equal("10.0.0.1", (string?)address["metadata"]!["name"]);
        Assert.Equal(("", "services", "default", "kubernetes"), ParentRef(address));
        Assert.Equal("IPv4", address.Label("ipaddress.kubernetes.io/ip-family"));
        Assert.Equal("ipallocator.k8s.io", address.Label("ipaddress.kubernetes.io/managed-by"));
    }

    [Fact]
    public async Task Creating_Services_shows_their_IPs_and_deleting_them_removes_them()
    {
        await using var server = Start("10.0.0.0/24");
        await server.CreateNamespaceAsync("shop");
        var web = await server.CreateAsync(Services, Svc("web"));
        var db = await server.CreateAsync("/api/v1/namespaces/shop/services", Svc("db", "\"clusterIP\":\"10.0.0.5\","));
        await server.CreateAsync(Services, Svc("headless", "\"clusterIP\":\"None\","));
        var webIp = (string)web["spec"]!["clusterIP"]!;

        var addresses = ByName(await server.GetJsonAsync(IpAddresses));
        Assert.Equal(new[] { "10.0.0.1", "10.0.0.5", webIp }.Order(StringComparer.Ordinal), addresses.Keys);
        Assert.Equal(("", "services", "default", "web"), ParentRef(addresses[webIp]));
        Assert.Equal(("", "services", "shop", "db"), ParentRef(addresses["10.0.0.5"]));
        Assert.Equal((string?)db["metadata"]!["creationTimestamp"], (string?)addresses["10.0.0.5"]["metadata"]!["creationTimestamp"]);

        var one = await server.GetJsonAsync(IpAddresses + "/" + webIp);
        Assert.Equal(("IPAddress", "networking.k8s.io/v1"), ((string?)one["kind"], (string?)one["apiVersion"]));
        Assert.Equal(("", "services", "default", "web"), ParentRef(one));
        Assert.Equal((string?)addresses[webIp]["metadata"]!["uid"], (string?)one["metadata"]!["uid"]);

        await HttpAssert.Json(await server.DeleteAsync(Services + "/web"), 200);
        Assert.Equal(["10.0.0.1", "10.0.0.5"], ByName(await server.GetJsonAsync(IpAddresses)).Keys);
        await HttpAssert.Status(await server.GetAsync(IpAddresses + "/" + webIp), 404, "NotFound",
            $"ipaddresses.networking.k8s.io \"{webIp}\" not found");
    }

    [Fact]
    public async Task A_recreated_Service_gets_a_new_IPAddress_uid_for_the_same_IP()
    {
        await using var server = Start("10.0.0.0/24");
        await server.CreateAsync(Services, Svc("web", "\"clusterIP\":\"10.0.0.7\","));
        var first = await server.GetJsonAsync(IpAddresses + "/10.0.0.7");
        Assert.Equal((string?)first["metadata"]!["uid"], (string?)(await server.GetJsonAsync(IpAddresses + "/10.0.0.7"))["metadata"]!["uid"]);

        await HttpAssert.Json(await server.DeleteAsync(Services + "/web"), 200);
        await server.CreateAsync(Services, Svc("web", "\"clusterIP\":\"10.0.0.7\","));
        var second = await server.GetJsonAsync(IpAddresses + "/10.0.0.7");
        Assert.NotEqual((string?)first["metadata"]!["uid"], (string?)second["metadata"]!["uid"]);
    }

    [Fact]
    public async Task Dual_stack_Services_show_one_IPAddress_per_family_named_in_canonical_form()
    {
        await using var server = Start("10.0.0.0/24,fd00:10:96::/112");
        var svc = await server.CreateAsync(Services, Svc("web",
            "\"ipFamilyPolicy\":\"RequireDualStack\",\"clusterIPs\":[\"10.0.0.9\",\"fd00:10:96:0:0:0:0:00ab\"],"));
        Assert.Equal(2, svc["spec"]!["clusterIPs"]!.AsArray().Count);

        var addresses = ByName(await server.GetJsonAsync(IpAddresses));
        Assert.Contains("10.0.0.9", addresses.Keys);
        Assert.Contains("fd00:10:96::ab", addresses.Keys);
        Assert.Equal("IPv6", addresses["fd00:10:96::ab"].Label("ipaddress.kubernetes.io/ip-family"));
        Assert.Equal(("", "services", "default", "web"), ParentRef(addresses["fd00:10:96::ab"]));
        Assert.Equal("fd00:10:96::ab", (string?)(await server.GetJsonAsync(IpAddresses + "/fd00:10:96::ab"))["metadata"]!["name"]);
    }

    [Fact]
    public async Task Label_and_name_field_selectors_filter_the_lists()
    {
        await using var server = Start("10.0.0.0/24,fd00:10:96::/112");
        await server.CreateAsync(Services, Svc("web", "\"ipFamilyPolicy\":\"RequireDualStack\","));

        var v6 = await server.GetJsonAsync(IpAddresses + "?labelSelector=ipaddress.kubernetes.io/ip-family%3DIPv6");
        Assert.All(ByName(v6).Values, a => Assert.Equal("IPv6", a.Label("ipaddress.kubernetes.io/ip-family")));
        Assert.Single(ByName(v6));
        Assert.Equal(["10.0.0.1"], ByName(await server.GetJsonAsync(IpAddresses + "?fieldSelector=metadata.name%3D10.0.0.1&limit=1")).Keys);
        Assert.Empty(ByName(await server.GetJsonAsync(ServiceCidrs + "?fieldSelector=metadata.name%3Dother")));
        Assert.Single(ByName(await server.GetJsonAsync(ServiceCidrs + "?fieldSelector=metadata.name!%3Dother")));

        await HttpAssert.Status(await server.GetAsync(IpAddresses + "?fieldSelector=spec.parentRef.name%3Dweb"), 400, "BadRequest",
            "\"spec.parentRef.name\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"");
    }

    [Fact]
    public async Task Unknown_names_are_404_with_the_group_qualified_resource()
    {
        await using var server = Start("10.0.0.0/24");
        var status = await HttpAssert.Status(await server.GetAsync(IpAddresses + "/10.0.0.9"), 404, "NotFound",
            "ipaddresses.networking.k8s.io \"10.0.0.9\" not found");
        Assert.Equal(("10.0.0.9", "networking.k8s.io", "ipaddresses"),
            ((string?)status["details"]!["name"], (string?)status["details"]!["group"], (string?)status["details"]!["kind"]));
        await HttpAssert.Status(await server.GetAsync(ServiceCidrs + "/other"), 404, "NotFound",
            "servicecidrs.networking.k8s.io \"other\" not found");
        await HttpAssert.Status(await server.GetAsync(Group + "/ingresses"), 404, "NotFound",
            "the server could not find the requested resource");
    }

    [Theory]
    [InlineData("POST", IpAddresses)]
    [InlineData("PUT", IpAddresses + "/10.0.0.1")]
    [InlineData("PATCH", IpAddresses + "/10.0.0.1")]
    [InlineData("DELETE", IpAddresses + "/10.0.0.1")]
    [InlineData("DELETE", IpAddresses)]
    [InlineData("POST", ServiceCidrs)]
    [InlineData("PUT", ServiceCidrs + "/kubernetes")]
    [InlineData("DELETE", ServiceCidrs + "/kubernetes")]
    public async Task Writes_are_405(string method, string path)
    {
        await using var server = Start("10.0.0.0/24");
        await HttpAssert.Status(await server.SendAsync(new HttpMethod(method), path, "{}"), 405, "MethodNotAllowed",
            "the server does not allow this method on the requested resource");
        Assert.Single(ByName(await server.GetJsonAsync(IpAddresses)));
    }

    [Fact]
    public async Task A_watch_is_405_as_for_a_resource_without_watch()
    {
        await using var server = Start("10.0.0.0/24");
        await HttpAssert.Status(await server.GetAsync(IpAddresses + "?watch=true"), 405, "MethodNotAllowed",
            "watch is not supported on resources of kind \"ipaddresses.networking.k8s.io\"");
    }

    [Fact]
    public async Task YAML_is_served_when_asked()
    {
        await using var server = Start("10.0.0.0/24");
        var response = await server.SendAsync(HttpMethod.Get, ServiceCidrs + "/kubernetes", null, "application/json", "application/yaml");
        Assert.Equal("application/yaml", response.Content.Headers.ContentType!.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("kind: ServiceCIDR\n", text, StringComparison.Ordinal);
        Assert.Contains("- 10.0.0.0/24\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_a_restart_the_views_show_the_same_IPs_and_uids()
    {
        var dir = Path.Combine(Path.GetTempPath(), "miniapiserver-tests", Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string> { ["service-cluster-ip-range"] = "10.0.0.0/24" };
        try
        {
            Dictionary<string, JsonObject> before;
            await using (var server = ApiServer.Start(dir, settings))
            {
                await server.CreateAsync(Services, Svc("web"));
                before = ByName(await server.GetJsonAsync(IpAddresses));
            }
            await using (var server = ApiServer.Start(dir, settings))
            {
                var after = ByName(await server.GetJsonAsync(IpAddresses));
                Assert.Equal(before.Keys, after.Keys);
                Assert.All(before, b => Assert.Equal((string?)b.Value["metadata"]!["uid"], (string?)after[b.Key]["metadata"]!["uid"]));
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
