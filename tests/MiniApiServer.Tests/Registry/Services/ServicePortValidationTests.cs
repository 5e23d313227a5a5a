using k8s.Models;
using static MiniApiServer.Tests.Registry.Services.ServiceFixtures;

namespace MiniApiServer.Tests.Registry.Services;

public class ServicePortValidationTests
{
    private const string DuplicateTcp80 =
        "spec.ports[1]: Duplicate value: core.ServicePort{Name:\"\", Protocol:\"TCP\", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, NodePort:0}";

    private static V1ServicePort Target(V1ServicePort port, string target)
    {
        port.TargetPort = target;
        return port;
    }

    [Fact]
    public void Every_port_needs_a_name_when_there_are_several()
    {
        Assert.Equal(["spec.ports[0].name: Required value", "spec.ports[1].name: Required value"],
            Create(Web(null, Port(80), Port(443))));
    }

    [Fact]
    public void A_single_port_may_be_unnamed()
    {
        Assert.Empty(Create(Web(null, Port(80))));
    }

    [Fact]
    public void Port_name_must_be_a_DNS_1123_label()
    {
        Assert.Equal(
            ["spec.ports[0].name: Invalid value: \"HTTP\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"],
            Create(Web(null, Port(80, "HTTP"))));
    }

    [Fact]
    public void Port_names_must_be_unique()
    {
        Assert.Equal(["spec.ports[1].name: Duplicate value: \"http\""], Create(Web(null, Port(80, "http"), Port(81, "http"))));
    }

    [Theory]
    [InlineData(70000)]
    [InlineData(-1)]
    public void Port_must_be_in_range(int port)
    {
        var svc = Web(null, Target(Port(port), "8080"));
        Assert.Equal([$"spec.ports[0].port: Invalid value: {port}: must be between 1 and 65535, inclusive"], Create(svc));
    }

    [Fact]
    public void Port_zero_without_targetPort_fails_twice_as_upstream()
    {
        Assert.Equal(
            [
                "spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive",
                "spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive",
            ],
            Create(Web(null, Port(0))));
    }

    [Fact]
    public void Protocol_must_be_TCP_UDP_or_SCTP()
    {
        Assert.Equal(["spec.ports[0].protocol: Unsupported value: \"ICMP\": supported values: \"SCTP\", \"TCP\", \"UDP\""],
            Create(Web(null, Port(80, protocol: "ICMP"))));
        Assert.Empty(Create(Web(null, Port(80, "a", "SCTP"), Port(80, "b", "UDP"), Port(80, "c", "TCP"))));
    }

    [Fact]
    public void Protocol_is_required_when_not_defaulted()
    {
        var strategy = Strategy();
        var svc = Web();
        strategy.Default(svc);
        svc.Spec.Ports[0].Protocol = "";
        Assert.Equal(["spec.ports[0].protocol: Required value"], Render(strategy.Validate(svc, null)));
    }

    [Fact]
    public void Numeric_targetPort_must_be_in_range()
    {
        var port = Port(80);
        port.TargetPort = 70000;
        Assert.Equal(["spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive"], Create(Web(null, port)));
    }

    [Theory]
    [InlineData("http")]
    [InlineData("web-8080")]
    [InlineData("abcdefghijklmno")]
    public void Named_targetPort_is_valid(string name)
    {
        Assert.Empty(Create(Web(null, Target(Port(80), name))));
    }

    [Theory]
    [InlineData("abcdefghijklmnop", "must be no more than 15 characters")]
    [InlineData("Http", "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")]
    [InlineData("a--b", "must not contain consecutive hyphens")]
    [InlineData("-ab", "must not begin or end with a hyphen")]
    [InlineData("ab-", "must not begin or end with a hyphen")]
    public void Named_targetPort_must_be_an_IANA_service_name(string name, string detail)
    {
        Assert.Equal([$"spec.ports[0].targetPort: Invalid value: \"{name}\": {detail}"], Create(Web(null, Target(Port(80), name))));
    }

    [Fact]
    public void Numeric_string_targetPort_in_the_request_is_a_name_without_letters()
    {
        var svc = Web(null, Target(Port(80), "8082"));
        var raw = Raw("""{"spec":{"ports":[{"port":80,"targetPort":"8082"}]}}""");
        Assert.Equal(["spec.ports[0].targetPort: Invalid value: \"8082\": must contain at least one letter (a-z)"], Create(svc, raw: raw));
    }

    [Fact]
    public void Zero_string_targetPort_in_the_request_is_not_defaulted_away()
    {
        var svc = Web(null, Target(Port(80), "0"));
        var raw = Raw("""{"spec":{"ports":[{"port":80,"targetPort":"0"}]}}""");
        Assert.Equal(["spec.ports[0].targetPort: Invalid value: \"0\": must contain at least one letter (a-z)"], Create(svc, raw: raw));
    }

    [Fact]
    public void Numeric_targetPort_in_the_request_is_a_number()
    {
        var svc = Web(null, Target(Port(80), "8082"));
        var raw = Raw("""{"spec":{"ports":[{"port":80,"targetPort":8082}]}}""");
        Assert.Empty(Create(svc, raw: raw));
    }

    [Fact]
    public void Raw_targetPort_is_matched_by_port_index()
    {
        var svc = Web(null, Target(Port(80, "a"), "8080"), Target(Port(81, "b"), "8082"));
        var raw = Raw("""{"spec":{"ports":[{"name":"a","port":80,"targetPort":8080},{"name":"b","port":81,"targetPort":"8082"}]}}""");
        Assert.Equal(["spec.ports[1].targetPort: Invalid value: \"8082\": must contain at least one letter (a-z)"], Create(svc, raw: raw));
    }

    [Fact]
    public void Malformed_raw_document_is_ignored()
    {
        Assert.Empty(Create(Web(null, Target(Port(80), "8080")), raw: Raw("""{"spec":{"ports":[1,"x"]}}""")));
        Assert.Empty(Create(Web(null, Target(Port(80), "8080")), raw: Raw("""{"spec":[]}""")));
    }

    [Fact]
    public void AppProtocol_must_be_a_qualified_name()
    {
        var port = Port(80);
        port.AppProtocol = "bad proto";
        Assert.Equal(
            ["spec.ports[0].appProtocol: Invalid value: \"bad proto\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"],
            Create(Web(null, port)));
        port.AppProtocol = "kubernetes.io/h2c";
        Assert.Empty(Create(Web(null, port)));
    }

    [Fact]
    public void Same_port_and_protocol_twice_is_a_duplicate_ServicePort()
    {
        Assert.Equal([DuplicateTcp80], Create(Web(null, Target(Port(80, "a"), "8080"), Target(Port(80, "b"), "9090"))));
    }

    [Fact]
    public void Same_port_with_another_protocol_is_fine()
    {
        Assert.Empty(Create(Web(null, Port(53, "dns"), Port(53, "dns-udp", "UDP"))));
    }

    [Fact]
    public void NodePort_is_forbidden_on_ClusterIP_services()
    {
        Assert.Equal(["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"],
            Create(Web(null, Port(80, nodePort: 30080))));
    }

    [Fact]
    public void Same_nodePort_and_protocol_twice_is_a_duplicate()
    {
        Assert.Equal(["spec.ports[1].nodePort: Duplicate value: 30080"],
            Create(Web("NodePort", Port(80, "a", nodePort: 30080), Port(81, "b", nodePort: 30080))));
        Assert.Empty(Create(Web("NodePort", Port(80, "a", nodePort: 30080), Port(80, "b", "UDP", 30080))));
    }

    [Fact]
    public void LoadBalancer_may_not_expose_the_kubelet_port()
    {
        Assert.Equal(["spec.ports[0]: Invalid value: 10250: may not expose port 10250 externally since it is used by kubelet"],
            Create(Web("LoadBalancer", Port(10250))));
        Assert.Empty(Create(Web("NodePort", Port(10250))));
    }
}
