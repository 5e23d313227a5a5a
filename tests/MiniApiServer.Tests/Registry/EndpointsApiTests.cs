using static MiniApiServer.Tests.Registry.KindApi;

namespace MiniApiServer.Tests.Registry;

/// <summary>Endpoints over HTTP: validation messages, stored as written, create-on-update, Status on delete, the deprecation warning.</summary>
public sealed class EndpointsApiTests
{
    private const string Endpoints = "/api/v1/namespaces/default/endpoints";
    private const string DeprecationWarning = "299 - \"v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\"";

    private static string Body(string subsets, string name = "my-service") =>
        $$"""{"apiVersion":"v1","kind":"Endpoints","metadata":{"name":"{{name}}"},"subsets":{{subsets}}}""";

    private static string WithIp(string ip) => Body($$"""[{"addresses":[{"ip":"{{ip}}"}],"ports":[{"port":9376}]}]""");

    private static void AssertDeprecationWarning(HttpResponseMessage response) =>
        Assert.Equal([DeprecationWarning], response.Headers.GetValues("Warning"));

    [Fact]
    public async Task Endpoints_are_stored_as_written_with_the_protocol_defaulted()
    {
        await using var server = ApiServer.Start();
        // Two subsets a repacking server would merge, addresses out of order: kept exactly as sent.
        var subsets = """[{"addresses":[{"ip":"192.0.2.43"},{"ip":"192.0.2.42"}],"ports":[{"port":9376}]},{"addresses":[{"ip":"192.0.2.44"}],"ports":[{"port":9376}]}]""";
        var created = await HttpAssert.Json(await server.PostAsync(Endpoints, Body(subsets)), 201);
        AssertJson(subsets.Replace("\"port\":9376}", "\"port\":9376,\"protocol\":\"TCP\"}", StringComparison.Ordinal), created["subsets"]);
        var stored = await HttpAssert.Json(await server.GetAsync(Endpoints + "/my-service"), 200);
        Assert.Equal(created.ToJsonString(), stored.ToJsonString());
    }

    [Fact]
    public async Task Subset_needs_an_address()
    {
        await using var server = ApiServer.Start();
        await Invalid(await server.PostAsync(Endpoints, Body("""[{"ports":[{"port":9376}]}]""")),
            "Endpoints", "my-service", "subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`");
    }

    [Fact]
    public async Task Not_ready_addresses_alone_are_enough()
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Json(await server.PostAsync(Endpoints, Body("""[{"notReadyAddresses":[{"ip":"192.0.2.42"}]}]""")), 201);
    }

    [Fact]
    public async Task Empty_subsets_are_allowed()
    {
        await using var server = ApiServer.Start();
        var created = await HttpAssert.Json(await server.PostAsync(Endpoints, """{"metadata":{"name":"my-service"}}"""), 201);
        Assert.Null(created["subsets"]);
    }

    [Fact]
    public async Task Unparsable_ip_is_rejected_by_both_ip_checks()
    {
        await using var server = ApiServer.Start();
        var status = await Invalid(await server.PostAsync(Endpoints, WithIp("not-an-ip")), "Endpoints", "my-service",
            "[subsets[0].addresses[0].ip: Invalid value: \"not-an-ip\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff), " +
            "subsets[0].addresses[0].ip: Invalid value: \"not-an-ip\": must be a valid IP address]");
        Assert.Equal(2, status["details"]!["causes"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("0.0.0.0", "may not be unspecified (0.0.0.0)")]
    [InlineData("127.0.0.1", "may not be in the loopback range (127.0.0.0/8, ::1/128)")]
    [InlineData("::1", "may not be in the loopback range (127.0.0.0/8, ::1/128)")]
    [InlineData("169.254.1.1", "may not be in the link-local range (169.254.0.0/16, fe80::/10)")]
    [InlineData("fe80::1", "may not be in the link-local range (169.254.0.0/16, fe80::/10)")]
    [InlineData("224.0.0.251", "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)")]
    public async Task Special_ips_are_rejected(string ip, string message)
    {
        await using var server = ApiServer.Start();
        await Invalid(await server.PostAsync(Endpoints, WithIp(ip)), "Endpoints", "my-service",
            $"subsets[0].addresses[0].ip: Invalid value: \"{ip}\": {message}");
    }

    [Fact]
    public async Task Not_ready_addresses_are_validated_too()
    {
        await using var server = ApiServer.Start();
        await Invalid(await server.PostAsync(Endpoints, Body("""[{"notReadyAddresses":[{"ip":"127.0.0.1"}]}]""")), "Endpoints", "my-service",
            "subsets[0].notReadyAddresses[0].ip: Invalid value: \"127.0.0.1\": may not be in the loopback range (127.0.0.0/8, ::1/128)");
    }

    [Fact]
    public async Task Port_names_are_required_when_there_are_several()
    {
        await using var server = ApiServer.Start();
        await Invalid(await server.PostAsync(Endpoints, Body("""[{"addresses":[{"ip":"192.0.2.42"}],"ports":[{"port":80},{"name":"https","port":443}]}]""")),
            "Endpoints", "my-service", "subsets[0].ports[0].name: Required value");
    }

    [Fact]
    public async Task Single_port_may_be_unnamed()
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Json(await server.PostAsync(Endpoints, WithIp("192.0.2.42")), 201);
    }

    [Fact]
    public async Task Port_must_be_in_range()
    {
        await using var server = ApiServer.Start();
        await Invalid(await server.PostAsync(Endpoints, Body("""[{"addresses":[{"ip":"192.0.2.42"}],"ports":[{"port":0}]}]""")),
            "Endpoints", "my-service", "subsets[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive");
    }

    [Fact]
    public async Task Port_protocol_must_be_supported()
    {
        await using var server = ApiServer.Start();
        await Invalid(await server.PostAsync(Endpoints, Body("""[{"addresses":[{"ip":"192.0.2.42"}],"ports":[{"port":80,"protocol":"ICMP"}]}]""")),
            "Endpoints", "my-service", "subsets[0].ports[0].protocol: Unsupported value: \"ICMP\": supported values: \"SCTP\", \"TCP\", \"UDP\"");
    }

    [Fact]
    public async Task Put_to_a_missing_name_creates_it()
    {
        await using var server = ApiServer.Start();
        var response = await server.PutAsync(Endpoints + "/my-service", WithIp("192.0.2.42"));
        var created = await HttpAssert.Json(response, 201);
        AssertDeprecationWarning(response);
        Assert.NotNull(created["metadata"]!["uid"]);
        var updated = await HttpAssert.Json(await server.PutAsync(Endpoints + "/my-service", WithIp("192.0.2.43")), 200);
        Assert.Equal(Str(created["metadata"]!["uid"]), Str(updated["metadata"]!["uid"]));
        Assert.Equal("192.0.2.43", Str(updated["subsets"]![0]!["addresses"]![0]!["ip"]));
    }

    [Fact]
    public async Task Delete_answers_a_success_status_with_the_uid()
    {
        await using var server = ApiServer.Start();
        var created = await HttpAssert.Json(await server.PostAsync(Endpoints, WithIp("192.0.2.42")), 201);
        var response = await server.DeleteAsync(Endpoints + "/my-service");
        var status = await HttpAssert.Json(response, 200);
        AssertDeprecationWarning(response);
        Assert.Equal("Status", Str(status["kind"]));
        Assert.Equal("v1", Str(status["apiVersion"]));
        Assert.Equal("Success", Str(status["status"]));
        AssertJson(
            $$"""{"name":"my-service","kind":"endpoints","uid":"{{Str(created["metadata"]!["uid"])}}"}""",
            status["details"]);
        Assert.Equal(404, await StatusOf(server, Endpoints + "/my-service"));
    }

    [Fact]
    public async Task Every_endpoints_response_carries_the_deprecation_warning()
    {
        await using var server = ApiServer.Start();
        var create = await server.PostAsync(Endpoints, WithIp("192.0.2.42"));
        Assert.Equal(201, (int)create.StatusCode);
        AssertDeprecationWarning(create);
        AssertDeprecationWarning(await server.GetAsync(Endpoints + "/my-service"));
        AssertDeprecationWarning(await server.GetAsync(Endpoints));
        AssertDeprecationWarning(await server.GetAsync("/api/v1/endpoints"));
        AssertDeprecationWarning(await server.PatchAsync(Endpoints + "/my-service", """{"metadata":{"labels":{"a":"b"}}}"""));
    }

    [Fact]
    public async Task Services_answer_without_the_endpoints_warning()
    {
        await using var server = ApiServer.Start();
        var response = await server.GetAsync("/api/v1/namespaces/default/services");
        Assert.Equal(200, (int)response.StatusCode);
        Assert.False(response.Headers.Contains("Warning"));
    }
}
