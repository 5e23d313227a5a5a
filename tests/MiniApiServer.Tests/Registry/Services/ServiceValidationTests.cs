using k8s.Models;
using static MiniApiServer.Tests.Registry.Services.ServiceFixtures;

namespace MiniApiServer.Tests.Registry.Services;

public class ServiceValidationTests
{
    [Fact]
    public void Name_must_be_a_DNS_1035_label()
    {
        var svc = Web();
        svc.Metadata.Name = "1web";
        Assert.Equal(
            ["metadata.name: Invalid value: \"1web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"],
            Create(svc));
    }

    [Fact]
    public void Namespace_is_required()
    {
        var svc = Web();
        svc.Metadata.NamespaceProperty = null;
        Assert.Equal(["metadata.namespace: Required value"], Create(svc));
    }

    [Fact]
    public void Ports_are_required_for_a_ClusterIP_service()
    {
        var svc = Web();
        svc.Spec.Ports = null;
        Assert.Equal(["spec.ports: Required value"], Create(svc));
    }

    [Fact]
    public void Headless_service_needs_no_ports()
    {
        var svc = Web();
        svc.Spec.Ports = [];
        svc.Spec.ClusterIP = "None";
        Assert.Empty(Create(svc));
        Assert.Equal(["None"], svc.Spec.ClusterIPs);
    }

    [Fact]
    public void ExternalName_service_needs_no_ports()
    {
        var svc = Web("ExternalName");
        svc.Spec.Ports = null;
        svc.Spec.ExternalName = "db.example.com";
        Assert.Empty(Create(svc));
    }

    [Fact]
    public void Unknown_type_is_unsupported()
    {
        Assert.Equal(
            ["spec.type: Unsupported value: \"Foo\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\""],
            Create(Web("Foo")));
    }

    [Fact]
    public void Missing_type_is_required_when_not_defaulted()
    {
        var strategy = Strategy();
        var svc = Web();
        strategy.Default(svc);
        svc.Spec.Type = "";
        Assert.Equal(["spec.type: Required value"], Render(strategy.Validate(svc, null)));
    }

    [Fact]
    public void Selector_follows_label_rules()
    {
        var svc = Web();
        svc.Spec.Selector = new Dictionary<string, string> { ["app"] = "bad value" };
        Assert.Equal(
            ["spec.selector: Invalid value: \"bad value\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"],
            Create(svc));
    }

    [Fact]
    public void Empty_selector_is_valid()
    {
        var svc = Web();
        svc.Spec.Selector = new Dictionary<string, string>();
        Assert.Empty(Create(svc));
    }

    [Fact]
    public void Unknown_session_affinity_is_unsupported()
    {
        var svc = Web();
        svc.Spec.SessionAffinity = "Sticky";
        Assert.Equal(["spec.sessionAffinity: Unsupported value: \"Sticky\": supported values: \"ClientIP\", \"None\""], Create(svc));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(86401)]
    public void ClientIP_timeout_must_be_within_a_day(int timeout)
    {
        var svc = Web();
        svc.Spec.SessionAffinity = "ClientIP";
        svc.Spec.SessionAffinityConfig = new V1SessionAffinityConfig { ClientIP = new V1ClientIPConfig { TimeoutSeconds = timeout } };
        Assert.Equal(
            [$"spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: {timeout}: must be greater than 0 and less than 86400"],
            Create(svc));
    }

    [Fact]
    public void ClientIP_timeout_of_a_day_is_valid()
    {
        var svc = Web();
        svc.Spec.SessionAffinity = "ClientIP";
        svc.Spec.SessionAffinityConfig = new V1SessionAffinityConfig { ClientIP = new V1ClientIPConfig { TimeoutSeconds = 86400 } };
        Assert.Empty(Create(svc));
    }

    [Fact]
    public void ClientIP_affinity_config_is_required_when_not_defaulted()
    {
        var strategy = Strategy();
        var svc = Web();
        strategy.Default(svc);
        svc.Spec.SessionAffinity = "ClientIP";
        svc.Spec.SessionAffinityConfig = null;
        Assert.Equal(["spec.sessionAffinityConfig: Required value: when session affinity type is ClientIP"], Render(strategy.Validate(svc, null)));
        svc.Spec.SessionAffinityConfig = new V1SessionAffinityConfig();
        Assert.Equal(["spec.sessionAffinityConfig.clientIP: Required value: when session affinity type is ClientIP"], Render(strategy.Validate(svc, null)));
        svc.Spec.SessionAffinityConfig.ClientIP = new V1ClientIPConfig();
        Assert.Equal(["spec.sessionAffinityConfig.clientIP.timeoutSeconds: Required value: when session affinity type is ClientIP"], Render(strategy.Validate(svc, null)));
    }

    [Fact]
    public void Affinity_config_is_forbidden_with_None_when_not_defaulted()
    {
        var strategy = Strategy();
        var svc = Web();
        strategy.Default(svc);
        svc.Spec.SessionAffinityConfig = new V1SessionAffinityConfig();
        Assert.Equal(["spec.sessionAffinityConfig: Forbidden: must not be set when session affinity is None"], Render(strategy.Validate(svc, null)));
    }

    [Fact]
    public void Session_affinity_is_required_when_not_defaulted()
    {
        var strategy = Strategy();
        var svc = Web();
        strategy.Default(svc);
        svc.Spec.SessionAffinity = "";
        Assert.Equal(["spec.sessionAffinity: Required value"], Render(strategy.Validate(svc, null)));
    }

    [Theory]
    [InlineData("1.2.3", "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)")]
    [InlineData("0.0.0.0", "may not be unspecified (0.0.0.0)")]
    [InlineData("127.0.0.1", "may not be in the loopback range (127.0.0.0/8, ::1/128)")]
    [InlineData("169.254.10.1", "may not be in the link-local range (169.254.0.0/16, fe80::/10)")]
    [InlineData("224.0.0.5", "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)")]
    public void External_IPs_must_be_ordinary_addresses(string ip, string detail)
    {
        var svc = Web();
        svc.Spec.ExternalIPs = ["192.0.2.10", ip];
        Assert.Equal([$"spec.externalIPs[1]: Invalid value: \"{ip}\": {detail}"], Create(svc));
    }

    [Fact]
    public void ExternalName_is_required()
    {
        var svc = Web("ExternalName");
        Assert.Equal(["spec.externalName: Required value"], Create(svc));
        svc.Spec.ExternalName = ".";
        Assert.Equal(["spec.externalName: Required value"], Create(svc));
    }

    [Fact]
    public void ExternalName_must_be_a_DNS_subdomain()
    {
        var svc = Web("ExternalName");
        svc.Spec.ExternalName = "Bad_Name";
        Assert.Equal(
            ["spec.externalName: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"],
            Create(svc));
    }

    [Fact]
    public void ExternalName_may_end_with_one_dot()
    {
        var svc = Web("ExternalName");
        svc.Spec.ExternalName = "db.example.com.";
        Assert.Empty(Create(svc));
    }

    [Fact]
    public void ExternalName_forbids_cluster_IP_fields()
    {
        var svc = Web("ExternalName");
        svc.Spec.ExternalName = "db.example.com";
        svc.Spec.ClusterIP = "10.96.0.10";
        svc.Spec.IpFamilies = ["IPv4"];
        svc.Spec.IpFamilyPolicy = "SingleStack";
        Assert.Equal(
            [
                "spec.clusterIPs: Forbidden: may not be set for ExternalName services",
                "spec.ipFamilies: Forbidden: may not be set for ExternalName services",
                "spec.ipFamilyPolicy: Forbidden: may not be set for ExternalName services",
            ],
            Create(svc));
    }

    [Fact]
    public void ExternalName_service_gets_no_IP_family_fields()
    {
        var svc = Web("ExternalName");
        svc.Spec.ExternalName = "db.example.com";
        Assert.Empty(Create(svc));
        Assert.Null(svc.Spec.IpFamilies);
        Assert.Null(svc.Spec.IpFamilyPolicy);
        Assert.Null(svc.Spec.InternalTrafficPolicy);
    }

    [Fact]
    public void Topology_annotations_must_agree()
    {
        var svc = Web();
        svc.Metadata.Annotations = new Dictionary<string, string>
        {
            ["service.kubernetes.io/topology-mode"] = "Auto",
            ["service.kubernetes.io/topology-aware-hints"] = "Disabled",
        };
        Assert.Equal(
            ["metadata.annotations[service.kubernetes.io/topology-mode]: Invalid value: \"Auto\": must match annotations[service.kubernetes.io/topology-aware-hints] when both are specified"],
            Create(svc));
    }

    [Fact]
    public void Errors_come_in_upstream_order()
    {
        var svc = Web(null, Port(0, "a", "ICMP"), Port(0, "a", "ICMP"));
        svc.Metadata.Name = "Web";
        svc.Spec.Ports[0].TargetPort = 8080;
        svc.Spec.Ports[1].TargetPort = 8080;
        var errors = Create(svc);
        Assert.Equal(
            [
                "metadata.name",
                "spec.ports[0].port",
                "spec.ports[0].protocol",
                "spec.ports[1].name",
                "spec.ports[1].port",
                "spec.ports[1].protocol",
                "spec.ports[1]",
            ],
            errors.Select(e => e[..e.IndexOf(": ", StringComparison.Ordinal)]));
    }
}
