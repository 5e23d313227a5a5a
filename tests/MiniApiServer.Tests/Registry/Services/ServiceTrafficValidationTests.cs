using k8s.Models;
using static MiniApiServer.Tests.Registry.Services.ServiceFixtures;

namespace MiniApiServer.Tests.Registry.Services;

public class ServiceTrafficValidationTests
{
    [Fact]
    public void ExternalTrafficPolicy_only_for_externally_accessible_services()
    {
        var svc = Web();
        svc.Spec.ExternalTrafficPolicy = "Local";
        Assert.Equal(["spec.externalTrafficPolicy: Invalid value: \"Local\": may only be set for externally-accessible services"], Create(svc));
    }

    [Fact]
    public void ExternalTrafficPolicy_must_be_Cluster_or_Local()
    {
        var svc = Web("NodePort");
        svc.Spec.ExternalTrafficPolicy = "Foo";
        Assert.Equal(["spec.externalTrafficPolicy: Unsupported value: \"Foo\": supported values: \"Cluster\", \"Local\""], Create(svc));
    }

    [Fact]
    public void ExternalTrafficPolicy_is_required_when_not_defaulted()
    {
        var strategy = Strategy();
        var svc = Web("NodePort");
        strategy.Default(svc);
        svc.Spec.ExternalTrafficPolicy = null;
        Assert.Equal(["spec.externalTrafficPolicy: Required value"], Render(strategy.Validate(svc, null)));
    }

    [Fact]
    public void HealthCheckNodePort_only_for_Local_load_balancers()
    {
        var svc = Web("NodePort");
        svc.Spec.HealthCheckNodePort = 30100;
        Assert.Equal(["spec.healthCheckNodePort: Invalid value: 30100: may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"],
            Create(svc));
    }

    [Fact]
    public void Local_load_balancer_needs_a_valid_healthCheckNodePort()
    {
        var svc = Web("LoadBalancer");
        svc.Spec.ExternalTrafficPolicy = "Local";
        Assert.Equal(["spec.healthCheckNodePort: Required value"], Create(svc));

        svc.Spec.HealthCheckNodePort = 70000;
        Assert.Equal(["spec.healthCheckNodePort: Invalid value: 70000: must be between 1 and 65535, inclusive"], Create(svc));

        svc.Spec.HealthCheckNodePort = 30100;
        Assert.Empty(Create(svc));
    }

    [Fact]
    public void InternalTrafficPolicy_must_be_Cluster_or_Local()
    {
        var svc = Web();
        svc.Spec.InternalTrafficPolicy = "Foo";
        Assert.Equal(["spec.internalTrafficPolicy: Unsupported value: \"Foo\": supported values: \"Cluster\", \"Local\""], Create(svc));
        svc.Spec.InternalTrafficPolicy = "Local";
        Assert.Empty(Create(svc));
    }

    [Fact]
    public void InternalTrafficPolicy_is_required_for_IP_types_when_not_defaulted()
    {
        var strategy = Strategy();
        var svc = Web();
        strategy.Default(svc);
        svc.Spec.InternalTrafficPolicy = null;
        Assert.Equal(["spec.internalTrafficPolicy: Required value"], Render(strategy.Validate(svc, null)));
    }

    [Fact]
    public void InternalTrafficPolicy_is_tolerated_on_ExternalName()
    {
        var svc = Web("ExternalName");
        svc.Spec.ExternalName = "db.example.com";
        svc.Spec.InternalTrafficPolicy = "Cluster";
        Assert.Empty(Create(svc));
    }

    [Fact]
    public void Source_ranges_only_for_load_balancers()
    {
        var svc = Web();
        svc.Spec.LoadBalancerSourceRanges = ["10.0.0.0/8"];
        Assert.Equal(["spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is 'LoadBalancer'"], Create(svc));
    }

    [Fact]
    public void Source_ranges_must_be_CIDRs_and_may_be_space_padded()
    {
        var svc = Web("LoadBalancer");
        svc.Spec.LoadBalancerSourceRanges = [" 10.0.0.0/8 ", "fd00::/64", "10.0.0.0/33", "10.0.0.0"];
        Assert.Equal(
            [
                "spec.LoadBalancerSourceRanges[2]: Invalid value: \"10.0.0.0/33\": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)",
                "spec.LoadBalancerSourceRanges[3]: Invalid value: \"10.0.0.0\": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)",
            ],
            Create(svc));
    }

    [Fact]
    public void Source_ranges_annotation_is_checked_when_the_field_is_empty()
    {
        const string key = "service.beta.kubernetes.io/load-balancer-source-ranges";
        var svc = Web("LoadBalancer");
        svc.Metadata.Annotations = new Dictionary<string, string> { [key] = "10.0.0.0/8, bad" };
        Assert.Equal([$"metadata.annotations[{key}]: Invalid value: \"bad\": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"], Create(svc));

        svc = Web();
        svc.Metadata.Annotations = new Dictionary<string, string> { [key] = " " };
        Assert.Equal([$"metadata.annotations[{key}]: Forbidden: may only be used when `type` is 'LoadBalancer'"], Create(svc));

        svc = Web("LoadBalancer");
        svc.Metadata.Annotations = new Dictionary<string, string> { [key] = "bad" };
        svc.Spec.LoadBalancerSourceRanges = ["10.0.0.0/8"];
        Assert.Empty(Create(svc));
    }

    [Fact]
    public void AllocateLoadBalancerNodePorts_only_for_load_balancers()
    {
        var svc = Web("NodePort");
        svc.Spec.AllocateLoadBalancerNodePorts = false;
        Assert.Equal(["spec.allocateLoadBalancerNodePorts: Forbidden: may only be used when `type` is 'LoadBalancer'"], Create(svc));
    }

    [Fact]
    public void AllocateLoadBalancerNodePorts_is_required_with_upstreams_path_when_not_defaulted()
    {
        var strategy = Strategy();
        var svc = Web("LoadBalancer");
        strategy.Default(svc);
        svc.Spec.AllocateLoadBalancerNodePorts = null;
        Assert.Equal(["allocateLoadBalancerNodePorts: Required value"], Render(strategy.Validate(svc, null)));
    }

    [Fact]
    public void LoadBalancerClass_only_for_load_balancers_and_a_qualified_name()
    {
        var svc = Web();
        svc.Spec.LoadBalancerClass = "example.com/lb";
        Assert.Equal(["spec.loadBalancerClass: Forbidden: may only be used when `type` is 'LoadBalancer'"], Create(svc));

        svc = Web("LoadBalancer");
        svc.Spec.LoadBalancerClass = "example.com/lb";
        Assert.Empty(Create(svc));

        svc.Spec.LoadBalancerClass = "-bad";
        Assert.Equal(
            ["spec.loadBalancerClass: Invalid value: \"-bad\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"],
            Create(svc));
    }

    [Fact]
    public void TrafficDistribution_accepts_PreferClose_only()
    {
        var svc = Web();
        svc.Spec.TrafficDistribution = "PreferClose";
        Assert.Empty(Create(svc));
        svc.Spec.TrafficDistribution = "Random";
        Assert.Equal(["spec.trafficDistribution: Unsupported value: \"Random\": supported values: \"PreferClose\""], Create(svc));
    }

    [Fact]
    public void NodePort_service_validates_cleanly()
    {
        var svc = Web("NodePort", Port(80, nodePort: 30080));
        Assert.Empty(Create(svc));
        Assert.Equal("Cluster", svc.Spec.ExternalTrafficPolicy);
    }

    [Fact]
    public void LoadBalancer_service_validates_cleanly()
    {
        var svc = Web("LoadBalancer");
        svc.Spec.LoadBalancerSourceRanges = ["203.0.113.0/24"];
        Assert.Empty(Create(svc));
        Assert.True(svc.Spec.AllocateLoadBalancerNodePorts);
    }

    [Fact]
    public void ClusterIP_with_externalIPs_validates_cleanly()
    {
        var svc = Web();
        svc.Spec.ExternalIPs = ["192.0.2.10"];
        svc.Spec.ExternalTrafficPolicy = "Local";
        Assert.Empty(Create(svc));
    }
}
