using System.Text.Json.Nodes;
using static MiniApiServer.Tests.Registry.KindApi;

namespace MiniApiServer.Tests.Registry;

/// <summary>Services over HTTP: defaults as stored, validation messages, update and status rules, delete side effects.</summary>
public sealed class ServicesApiTests
{
    private const string Services = "/api/v1/namespaces/default/services";
    private const string Endpoints = "/api/v1/namespaces/default/endpoints";

    private const string Dns1035Message =
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

    private static string Service(string name, string spec) => $$"""{"apiVersion":"v1","kind":"Service","metadata":{"name":"{{name}}"},"spec":{{spec}}}""";

    private static string Web(string ports) => Service("web", $$"""{"selector":{"app":"web"},"ports":{{ports}}}""");

    [Fact]
    public async Task Create_stores_the_kube_apiserver_defaults()
    {
        await using var server = ApiServer.Start();
        var created = await HttpAssert.Json(await server.PostAsync(Services, Web("""[{"port":80}]""")), 201);
        var stored = await HttpAssert.Json(await server.GetAsync(Services + "/web"), 200);
        Assert.Equal(created.ToJsonString(), stored.ToJsonString());
        var spec = stored["spec"]!;
        Assert.Equal("ClusterIP", Str(spec["type"]));
        Assert.Equal("None", Str(spec["sessionAffinity"]));
        Assert.Null(spec["sessionAffinityConfig"]);
        AssertJson("""[{"port":80,"protocol":"TCP","targetPort":80}]""", spec["ports"]!);
        AssertJson("""["IPv4"]""", spec["ipFamilies"]!);
        Assert.Equal("SingleStack", Str(spec["ipFamilyPolicy"]));
        Assert.Equal("Cluster", Str(spec["internalTrafficPolicy"]));
        Assert.Null(spec["externalTrafficPolicy"]);
        AssertJson("""{"loadBalancer":{}}""", stored["status"]!);
    }

    [Fact]
    public async Task ClientIP_affinity_gets_the_default_timeout()
    {
        await using var server = ApiServer.Start();
        var body = Service("web", """{"selector":{"app":"web"},"sessionAffinity":"ClientIP","ports":[{"port":80}]}""");
        var created = await HttpAssert.Json(await server.PostAsync(Services, body), 201);
        Assert.Equal("ClientIP", Str(created["spec"]!["sessionAffinity"]));
        Assert.Equal(10800, (int?)created["spec"]!["sessionAffinityConfig"]!["clientIP"]!["timeoutSeconds"]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(86401)]
    public async Task ClientIP_timeout_must_be_in_range(int timeout)
    {
        await using var server = ApiServer.Start();
        var body = Service("web", $$$"""{"sessionAffinity":"ClientIP","sessionAffinityConfig":{"clientIP":{"timeoutSeconds":{{{timeout}}}}},"ports":[{"port":80}]}""");
        await Invalid(await server.PostAsync(Services, body), "Service", "web",
            $"spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: {timeout}: must be greater than 0 and less than 86400");
    }

    [Fact]
    public async Task Unknown_session_affinity_is_not_supported()
    {
        await using var server = ApiServer.Start();
        await Invalid(await server.PostAsync(Services, Service("web", """{"sessionAffinity":"Cookie","ports":[{"port":80}]}""")), "Service", "web",
            "spec.sessionAffinity: Unsupported value: \"Cookie\": supported values: \"ClientIP\", \"None\"");
    }

    [Fact]
    public async Task None_affinity_drops_a_session_affinity_config()
    {
        await using var server = ApiServer.Start();
        var body = Service("web", """{"sessionAffinity":"None","sessionAffinityConfig":{"clientIP":{"timeoutSeconds":60}},"ports":[{"port":80}]}""");
        var created = await HttpAssert.Json(await server.PostAsync(Services, body), 201);
        Assert.Null(created["spec"]!["sessionAffinityConfig"]);
    }

    [Fact]
    public async Task Name_must_be_a_DNS_1035_label()
    {
        await using var server = ApiServer.Start();
        var status = await Invalid(await server.PostAsync(Services, Service("1web", """{"ports":[{"port":80}]}""")),
            "Service", "1web", $"metadata.name: Invalid value: \"1web\": {Dns1035Message}");
        var cause = status["details"]!["causes"]![0]!;
        Assert.Equal("FieldValueInvalid", Str(cause["reason"]));
        Assert.Equal("metadata.name", Str(cause["field"]));
        Assert.Equal(404, await StatusOf(server, Services + "/1web"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65536)]
    public async Task Port_must_be_between_1_and_65535(int port)
    {
        await using var server = ApiServer.Start();
        await Invalid(await server.PostAsync(Services, Web($$"""[{"port":{{port}},"targetPort":8080}]""")),
            "Service", "web", $"spec.ports[0].port: Invalid value: {port}: must be between 1 and 65535, inclusive");
    }

    [Fact]
    public async Task Numeric_targetPort_out_of_range_is_invalid()
    {
        await using var server = ApiServer.Start();
        await Invalid(await server.PostAsync(Services, Web("""[{"port":80,"targetPort":70000}]""")),
            "Service", "web", "spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive");
    }

    [Fact]
    public async Task Several_ports_need_names()
    {
        await using var server = ApiServer.Start();
        await Invalid(await server.PostAsync(Services, Web("""[{"port":80},{"port":443}]""")),
            "Service", "web", "[spec.ports[0].name: Required value, spec.ports[1].name: Required value]");
    }

    [Fact]
    public async Task Duplicate_port_names_are_rejected()
    {
        await using var server = ApiServer.Start();
        await Invalid(await server.PostAsync(Services, Web("""[{"name":"http","port":80},{"name":"http","port":81}]""")),
            "Service", "web", "spec.ports[1].name: Duplicate value: \"http\"");
    }

    [Fact]
    public async Task Duplicate_port_and_protocol_is_rejected()
    {
        await using var server = ApiServer.Start();
        await Invalid(await server.PostAsync(Services, Web("""[{"name":"a","port":80},{"name":"b","port":80,"targetPort":81}]""")),
            "Service", "web",
            "spec.ports[1]: Duplicate value: core.ServicePort{Name:\"\", Protocol:\"TCP\", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, NodePort:0}");
    }

    [Fact]
    public async Task Same_port_with_another_protocol_is_allowed()
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Json(await server.PostAsync(Services, Web("""[{"name":"dns","port":53},{"name":"dns-udp","port":53,"protocol":"UDP"}]""")), 201);
    }

    [Fact]
    public async Task Unknown_protocol_is_not_supported()
    {
        await using var server = ApiServer.Start();
        await Invalid(await server.PostAsync(Services, Web("""[{"port":80,"protocol":"ICMP"}]""")),
            "Service", "web", "spec.ports[0].protocol: Unsupported value: \"ICMP\": supported values: \"SCTP\", \"TCP\", \"UDP\"");
    }

    [Fact]
    public async Task Named_targetPort_is_stored_as_a_name()
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Json(await server.PostAsync(Services, Web("""[{"port":80,"targetPort":"http-alt"}]""")), 201);
        var stored = await HttpAssert.Json(await server.GetAsync(Services + "/web"), 200);
        AssertJson("""[{"port":80,"protocol":"TCP","targetPort":"http-alt"}]""", stored["spec"]!["ports"]!);
    }

    [Theory]
    [InlineData("Http_Alt", "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")]
    [InlineData("a-very-long-port-name", "must be no more than 15 characters")]
    [InlineData("http--alt", "must not contain consecutive hyphens")]
    [InlineData("-http", "must not begin or end with a hyphen")]
    [InlineData("8082", "must contain at least one letter (a-z)")]
    public async Task Invalid_named_targetPort_is_rejected(string name, string message)
    {
        await using var server = ApiServer.Start();
        // The JSON string "8082" stays a (bad) name: IntOrString keeps the type it was sent with.
        await Invalid(await server.PostAsync(Services, Web($$"""[{"port":80,"targetPort":"{{name}}"}]""")),
            "Service", "web", $"spec.ports[0].targetPort: Invalid value: \"{name}\": {message}");
    }

    [Fact]
    public async Task Unknown_type_is_not_supported()
    {
        await using var server = ApiServer.Start();
        await Invalid(await server.PostAsync(Services, Service("web", """{"type":"Foo","ports":[{"port":80}]}""")),
            "Service", "web", "spec.type: Unsupported value: \"Foo\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\"");
    }

    [Fact]
    public async Task NodePort_on_a_ClusterIP_service_is_forbidden()
    {
        await using var server = ApiServer.Start();
        await Invalid(await server.PostAsync(Services, Web("""[{"port":80,"nodePort":30080}]""")),
            "Service", "web", "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'");
    }

    [Fact]
    public async Task NodePort_service_gets_the_external_traffic_policy_default()
    {
        await using var server = ApiServer.Start();
        var created = await HttpAssert.Json(await server.PostAsync(Services,
            Service("web", """{"type":"NodePort","selector":{"app":"web"},"ports":[{"port":80,"nodePort":30080}]}""")), 201);
        Assert.Equal("Cluster", Str(created["spec"]!["externalTrafficPolicy"]));
        Assert.Equal(30080, (int?)created["spec"]!["ports"]![0]!["nodePort"]);
    }

    [Fact]
    public async Task ExternalName_service_needs_no_ports_and_gets_no_IP_fields()
    {
        await using var server = ApiServer.Start();
        var created = await HttpAssert.Json(await server.PostAsync(Services,
            Service("db", """{"type":"ExternalName","externalName":"db.example.com"}""")), 201);
        var spec = created["spec"]!;
        Assert.Equal("db.example.com", Str(spec["externalName"]));
        Assert.Null(spec["ipFamilies"]);
        Assert.Null(spec["ipFamilyPolicy"]);
        Assert.Null(spec["internalTrafficPolicy"]);
        Assert.Null(spec["clusterIP"]);
    }

    [Fact]
    public async Task ExternalName_is_required()
    {
        await using var server = ApiServer.Start();
        await Invalid(await server.PostAsync(Services, Service("db", """{"type":"ExternalName"}""")),
            "Service", "db", "spec.externalName: Required value");
    }

    [Fact]
    public async Task ExternalName_must_be_a_DNS_subdomain()
    {
        await using var server = ApiServer.Start();
        await Invalid(await server.PostAsync(Services, Service("db", """{"type":"ExternalName","externalName":"Bad_Name"}""")),
            "Service", "db",
            "spec.externalName: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
    }

    [Fact]
    public async Task ExternalName_service_may_not_have_a_clusterIP()
    {
        await using var server = ApiServer.Start();
        await Invalid(await server.PostAsync(Services, Service("db", """{"type":"ExternalName","externalName":"db.example.com","clusterIP":"10.96.0.10"}""")),
            "Service", "db", "spec.clusterIPs: Forbidden: may not be set for ExternalName services");
    }

    [Fact]
    public async Task Put_without_clusterIP_keeps_the_stored_one()
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Json(await server.PostAsync(Services,
            Service("web", """{"clusterIP":"10.96.0.50","selector":{"app":"web"},"ports":[{"port":80}]}""")), 201);
        var updated = await HttpAssert.Json(await server.PutAsync(Services + "/web",
            Service("web", """{"selector":{"app":"web2"},"ports":[{"port":80}]}""")), 200);
        Assert.Equal("10.96.0.50", Str(updated["spec"]!["clusterIP"]));
        AssertJson("""["10.96.0.50"]""", updated["spec"]!["clusterIPs"]!);
        Assert.Equal("web2", Str(updated["spec"]!["selector"]!["app"]));
    }

    [Fact]
    public async Task Changing_clusterIP_is_refused_once_set()
    {
        await using var server = ApiServer.Start();
        var created = await HttpAssert.Json(await server.PostAsync(Services,
            Service("web", """{"clusterIP":"10.96.0.50","ports":[{"port":80}]}""")), 201);
        await Invalid(await server.PutAsync(Services + "/web", Service("web", """{"clusterIP":"10.96.0.51","ports":[{"port":80}]}""")),
            "Service", "web", "spec.clusterIPs[0]: Invalid value: []string{\"10.96.0.51\"}: may not change once set");
        var stored = await HttpAssert.Json(await server.GetAsync(Services + "/web"), 200);
        Assert.Equal(created.ToJsonString(), stored.ToJsonString());
    }

    [Fact]
    public async Task Status_subresource_changes_only_the_status()
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Json(await server.PostAsync(Services,
            Service("lb", """{"type":"LoadBalancer","selector":{"app":"web"},"ports":[{"port":80,"nodePort":30080}]}""")), 201);
        var body = Service("lb", """{"type":"LoadBalancer","selector":{"app":"other"},"ports":[{"port":81,"nodePort":30081}]}""");
        var node = JsonNode.Parse(body)!.AsObject();
        node["status"] = JsonNode.Parse("""{"loadBalancer":{"ingress":[{"ip":"192.0.2.10"}]}}""");
        var updated = await HttpAssert.Json(await server.PutAsync(Services + "/lb/status", node.ToJsonString()), 200);
        Assert.Equal("web", Str(updated["spec"]!["selector"]!["app"]));
        Assert.Equal(80, (int?)updated["spec"]!["ports"]![0]!["port"]);
        Assert.Equal("192.0.2.10", Str(updated["status"]!["loadBalancer"]!["ingress"]![0]!["ip"]));
        Assert.Equal("VIP", Str(updated["status"]!["loadBalancer"]!["ingress"]![0]!["ipMode"]));
    }

    [Fact]
    public async Task Main_resource_put_cannot_change_the_status()
    {
        await using var server = ApiServer.Start();
        var body = JsonNode.Parse(Web("""[{"port":80}]"""))!.AsObject();
        body["status"] = JsonNode.Parse("""{"loadBalancer":{"ingress":[{"ip":"192.0.2.10"}]}}""");
        var created = await HttpAssert.Json(await server.PostAsync(Services, body.ToJsonString()), 201);
        AssertJson("""{"loadBalancer":{}}""", created["status"]!);
        var updated = await HttpAssert.Json(await server.PutAsync(Services + "/web", body.ToJsonString()), 200);
        AssertJson("""{"loadBalancer":{}}""", updated["status"]!);
    }

    [Fact]
    public async Task Ingress_status_is_only_for_LoadBalancer_services()
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Json(await server.PostAsync(Services, Web("""[{"port":80}]""")), 201);
        var body = JsonNode.Parse(Web("""[{"port":80}]"""))!.AsObject();
        body["status"] = JsonNode.Parse("""{"loadBalancer":{"ingress":[{"ip":"192.0.2.10"}]}}""");
        await Invalid(await server.PutAsync(Services + "/web/status", body.ToJsonString()),
            "Service", "web", "status.loadBalancer.ingress: Forbidden: may only be used when `spec.type` is 'LoadBalancer'");
    }

    [Fact]
    public async Task Delete_returns_the_service_and_removes_its_endpoints()
    {
        await using var server = ApiServer.Start();
        var created = await HttpAssert.Json(await server.PostAsync(Services, Service("web", """{"ports":[{"port":80}]}""")), 201);
        await HttpAssert.Json(await server.PostAsync(Endpoints,
            """{"metadata":{"name":"web"},"subsets":[{"addresses":[{"ip":"192.0.2.42"}],"ports":[{"port":9376}]}]}"""), 201);
        var deleted = await HttpAssert.Json(await server.DeleteAsync(Services + "/web"), 200);
        Assert.Equal("Service", Str(deleted["kind"]));
        Assert.Equal(Str(created["metadata"]!["uid"]), Str(deleted["metadata"]!["uid"]));
        Assert.Equal(404, await StatusOf(server, Services + "/web"));
        await HttpAssert.Status(await server.GetAsync(Endpoints + "/web"), 404, "NotFound", "endpoints \"web\" not found");
    }

    [Fact]
    public async Task Deleting_a_service_leaves_other_endpoints_alone()
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Json(await server.PostAsync(Services, Service("web", """{"ports":[{"port":80}]}""")), 201);
        await HttpAssert.Json(await server.PostAsync(Endpoints,
            """{"metadata":{"name":"other"},"subsets":[{"addresses":[{"ip":"192.0.2.42"}],"ports":[{"port":9376}]}]}"""), 201);
        await HttpAssert.Json(await server.DeleteAsync(Services + "/web"), 200);
        Assert.Equal(200, await StatusOf(server, Endpoints + "/other"));
    }

    [Fact]
    public async Task Selectorless_service_with_manual_endpoints_works_end_to_end()
    {
        await using var server = ApiServer.Start();
        var service = """
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"my-service"},
             "spec":{"ports":[{"name":"http","protocol":"TCP","port":80,"targetPort":9376}]}}
            """;
        const string endpointSubsets = """[{"addresses":[{"ip":"192.0.2.42"}],"ports":[{"name":"http","port":9376,"protocol":"TCP"}]}]""";
        var endpoints = $$"""
            {"apiVersion":"v1","kind":"Endpoints","metadata":{"name":"my-service"},"subsets":{{endpointSubsets}}}
            """;
        var createdService = await HttpAssert.Json(await server.PostAsync(Services, service), 201);
        Assert.Null(createdService["spec"]!["selector"]);
        await HttpAssert.Json(await server.PostAsync(Endpoints, endpoints), 201);

        var gotService = await HttpAssert.Json(await server.GetAsync(Services + "/my-service"), 200);
        Assert.Null(gotService["spec"]!["selector"]);
        AssertJson("""[{"name":"http","port":80,"protocol":"TCP","targetPort":9376}]""", gotService["spec"]!["ports"]!);
        var gotEndpoints = await HttpAssert.Json(await server.GetAsync(Endpoints + "/my-service"), 200);
        Assert.Equal("Endpoints", Str(gotEndpoints["kind"]));
        AssertJson(endpointSubsets, gotEndpoints["subsets"]);

        // Nothing rewrites the hand-written Endpoints afterwards.
        await Task.Delay(300);
        var later = await HttpAssert.Json(await server.GetAsync(Endpoints + "/my-service"), 200);
        Assert.Equal(gotEndpoints.ToJsonString(), later.ToJsonString());
    }

    [Fact]
    public async Task Put_to_a_missing_service_creates_it()
    {
        await using var server = ApiServer.Start();
        var created = await HttpAssert.Json(await server.PutAsync(Services + "/web", Web("""[{"port":80}]""")), 201);
        Assert.Equal("ClusterIP", Str(created["spec"]!["type"]));
        Assert.NotNull(created["metadata"]!["uid"]);
    }

    [Fact]
    public async Task Service_names_are_case_sensitive_for_the_store_but_must_be_lowercase()
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Json(await server.PostAsync(Services, Web("""[{"port":80}]""")), 201);
        await Invalid(await server.PostAsync(Services, Service("WEB", """{"ports":[{"port":80}]}""")),
            "Service", "WEB", $"metadata.name: Invalid value: \"WEB\": {Dns1035Message}");
        await HttpAssert.Status(await server.GetAsync(Services + "/WEB"), 404, "NotFound", "services \"WEB\" not found");
        await HttpAssert.Status(await server.DeleteAsync(Services + "/WEB"), 404, "NotFound", "services \"WEB\" not found");
        await HttpAssert.Status(await server.PatchAsync(Services + "/WEB", """{"metadata":{"labels":{"a":"b"}}}"""), 404, "NotFound", "services \"WEB\" not found");
        // PUT would create WEB rather than touch web, and that name is invalid for a Service.
        await Invalid(await server.PutAsync(Services + "/WEB", Service("WEB", """{"ports":[{"port":80}]}""")),
            "Service", "WEB", $"metadata.name: Invalid value: \"WEB\": {Dns1035Message}");
        var web = await HttpAssert.Json(await server.GetAsync(Services + "/web"), 200);
        Assert.Null(web["metadata"]!["labels"]);
    }
}
