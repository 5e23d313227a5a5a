using k8s.Models;
using static MiniApiServer.Tests.Registry.Services.ServiceFixtures;

namespace MiniApiServer.Tests.Registry.Services;

public class ServiceDefaultsTests
{
    private static V1Service Defaulted(V1Service svc)
    {
        Strategy().Default(svc);
        return svc;
    }

    [Fact]
    public void Empty_service_gets_type_affinity_and_status()
    {
        var svc = Defaulted(new V1Service());
        Assert.Equal("ClusterIP", svc.Spec.Type);
        Assert.Equal("None", svc.Spec.SessionAffinity);
        Assert.Equal("Cluster", svc.Spec.InternalTrafficPolicy);
        Assert.Null(svc.Spec.ExternalTrafficPolicy);
        Assert.NotNull(svc.Status.LoadBalancer);
    }

    [Fact]
    public void Affinity_None_clears_the_affinity_config()
    {
        var svc = Web();
        svc.Spec.SessionAffinityConfig = new V1SessionAffinityConfig { ClientIP = new V1ClientIPConfig { TimeoutSeconds = 60 } };
        Assert.Null(Defaulted(svc).Spec.SessionAffinityConfig);
    }

    [Fact]
    public void Affinity_ClientIP_without_timeout_gets_three_hours()
    {
        var svc = Web();
        svc.Spec.SessionAffinity = "ClientIP";
        Assert.Equal(10800, Defaulted(svc).Spec.SessionAffinityConfig.ClientIP.TimeoutSeconds);

        svc = Web();
        svc.Spec.SessionAffinity = "ClientIP";
        svc.Spec.SessionAffinityConfig = new V1SessionAffinityConfig { ClientIP = new V1ClientIPConfig() };
        Assert.Equal(10800, Defaulted(svc).Spec.SessionAffinityConfig.ClientIP.TimeoutSeconds);
    }

    [Fact]
    public void Affinity_ClientIP_keeps_a_given_timeout()
    {
        var svc = Web();
        svc.Spec.SessionAffinity = "ClientIP";
        svc.Spec.SessionAffinityConfig = new V1SessionAffinityConfig { ClientIP = new V1ClientIPConfig { TimeoutSeconds = 60 } };
        Assert.Equal(60, Defaulted(svc).Spec.SessionAffinityConfig.ClientIP.TimeoutSeconds);
    }

    [Fact]
    public void Port_protocol_defaults_to_TCP_and_keeps_UDP()
    {
        var svc = Defaulted(Web(null, Port(53, "dns"), Port(53, "dns-udp", "UDP")));
        Assert.Equal(["TCP", "UDP"], svc.Spec.Ports.Select(p => p.Protocol));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0")]
    public void Missing_zero_or_empty_targetPort_becomes_the_port(string? target)
    {
        var port = Port(8080);
        port.TargetPort = target;
        var svc = Defaulted(Web(null, port));
        Assert.Equal("8080", svc.Spec.Ports[0].TargetPort.Value);
    }

    [Fact]
    public void Given_targetPort_is_kept()
    {
        var port = Port(80);
        port.TargetPort = "http";
        Assert.Equal("http", Defaulted(Web(null, port)).Spec.Ports[0].TargetPort.Value);
    }

    [Theory]
    [InlineData("NodePort")]
    [InlineData("LoadBalancer")]
    public void External_types_get_externalTrafficPolicy_Cluster(string type)
    {
        Assert.Equal("Cluster", Defaulted(Web(type)).Spec.ExternalTrafficPolicy);
    }

    [Fact]
    public void ClusterIP_with_externalIPs_counts_as_externally_accessible()
    {
        var svc = Web();
        svc.Spec.ExternalIPs = ["192.0.2.10"];
        Assert.Equal("Cluster", Defaulted(svc).Spec.ExternalTrafficPolicy);
    }

    [Fact]
    public void Given_externalTrafficPolicy_is_kept()
    {
        var svc = Web("NodePort");
        svc.Spec.ExternalTrafficPolicy = "Local";
        Assert.Equal("Local", Defaulted(svc).Spec.ExternalTrafficPolicy);
    }

    [Theory]
    [InlineData("ClusterIP", "Cluster")]
    [InlineData("NodePort", "Cluster")]
    [InlineData("LoadBalancer", "Cluster")]
    [InlineData("ExternalName", null)]
    public void InternalTrafficPolicy_defaults_only_for_IP_types(string type, string? expected)
    {
        Assert.Equal(expected, Defaulted(Web(type)).Spec.InternalTrafficPolicy);
    }

    [Fact]
    public void LoadBalancer_allocates_node_ports_by_default()
    {
        Assert.True(Defaulted(Web("LoadBalancer")).Spec.AllocateLoadBalancerNodePorts);
        var svc = Web("LoadBalancer");
        svc.Spec.AllocateLoadBalancerNodePorts = false;
        Assert.False(Defaulted(svc).Spec.AllocateLoadBalancerNodePorts);
        Assert.Null(Defaulted(Web("NodePort")).Spec.AllocateLoadBalancerNodePorts);
    }

    [Fact]
    public void LoadBalancer_ingress_ip_gets_ipMode_VIP()
    {
        var svc = Web("LoadBalancer");
        svc.Status = new V1ServiceStatus
        {
            LoadBalancer = new V1LoadBalancerStatus
            {
                Ingress = [new V1LoadBalancerIngress { Ip = "203.0.113.1" }, new V1LoadBalancerIngress { Hostname = "lb.example.com" },
                    new V1LoadBalancerIngress { Ip = "203.0.113.2", IpMode = "Proxy" }],
            },
        };
        Assert.Equal(["VIP", null, "Proxy"], Defaulted(svc).Status.LoadBalancer.Ingress.Select(i => i.IpMode));
    }

    [Fact]
    public void Ingress_ipMode_is_not_defaulted_for_other_types()
    {
        var svc = Web("ClusterIP");
        svc.Status = new V1ServiceStatus { LoadBalancer = new V1LoadBalancerStatus { Ingress = [new V1LoadBalancerIngress { Ip = "203.0.113.1" }] } };
        Assert.Null(Defaulted(svc).Status.LoadBalancer.Ingress[0].IpMode);
    }

    [Fact]
    public void Defaulting_is_idempotent()
    {
        var svc = Defaulted(Web("LoadBalancer"));
        var once = k8s.KubernetesJson.Serialize(svc);
        Assert.Equal(once, k8s.KubernetesJson.Serialize(Defaulted(svc)));
    }
}
