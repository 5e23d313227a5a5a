using k8s.Models;
using MiniApiServer.Registry.Services;
using static MiniApiServer.Tests.Registry.Services.ServiceFixtures;

namespace MiniApiServer.Tests.Registry.Services;

public class ServiceUpdateTests
{
    private static readonly ServiceStrategy DualStack = Strategy(new ServiceNetwork("IPv4", "IPv6"));

    [Fact]
    public void Resubmitting_the_original_manifest_keeps_the_allocated_clusterIP()
    {
        var old = Stored(MyService());
        var replacement = MyService();
        Assert.Empty(Update(replacement, old));
        Assert.Equal("10.96.0.50", replacement.Spec.ClusterIP);
        Assert.Equal(["10.96.0.50"], replacement.Spec.ClusterIPs);
        Assert.Equal(["IPv4"], replacement.Spec.IpFamilies);
        Assert.Equal("SingleStack", replacement.Spec.IpFamilyPolicy);
    }

    [Fact]
    public void Emptied_clusterIP_fields_are_refilled_rather_than_cleared()
    {
        var old = Stored(MyService());
        var update = Copy(old);
        update.Spec.ClusterIP = "";
        update.Spec.ClusterIPs = [];
        Assert.Empty(Update(update, old));
        Assert.Equal("10.96.0.50", update.Spec.ClusterIP);
        Assert.Equal(["10.96.0.50"], update.Spec.ClusterIPs);
    }

    [Fact]
    public void Old_client_sending_only_clusterIP_gets_clusterIPs_back()
    {
        var old = Stored(MyService());
        var update = Copy(old);
        update.Spec.ClusterIPs = null;
        Assert.Empty(Update(update, old));
        Assert.Equal(["10.96.0.50"], update.Spec.ClusterIPs);
    }

    [Fact]
    public void Changing_clusterIP_is_refused_with_the_clusterIPs_message()
    {
        var old = Stored(MyService());
        var update = Copy(old);
        update.Spec.ClusterIP = "10.96.0.51";
        update.Spec.ClusterIPs = null;
        Assert.Equal(["spec.clusterIPs[0]: Invalid value: []string{\"10.96.0.51\"}: may not change once set"], Update(update, old));
        Assert.Equal(["10.96.0.51"], update.Spec.ClusterIPs);
    }

    [Fact]
    public void Changing_only_clusterIP_makes_clusterIPs_follow_and_fail()
    {
        var old = Stored(MyService());
        var update = Copy(old);
        update.Spec.ClusterIP = "10.96.0.51";
        Assert.Equal(["spec.clusterIPs[0]: Invalid value: []string{\"10.96.0.51\"}: may not change once set"], Update(update, old));
    }

    [Fact]
    public void Changing_both_clusterIP_fields_is_refused()
    {
        var old = Stored(MyService());
        var update = Copy(old);
        update.Spec.ClusterIP = "10.96.0.51";
        update.Spec.ClusterIPs = ["10.96.0.51"];
        Assert.Equal(["spec.clusterIPs[0]: Invalid value: []string{\"10.96.0.51\"}: may not change once set"], Update(update, old));
    }

    [Fact]
    public void Headless_service_cannot_get_a_clusterIP()
    {
        var headless = MyService();
        var old = Stored(headless, "None");
        var update = Copy(old);
        update.Spec.ClusterIP = "10.96.0.60";
        Assert.Equal(["spec.clusterIPs[0]: Invalid value: []string{\"10.96.0.60\"}: may not change once set"], Update(update, old));
    }

    [Fact]
    public void Unsetting_the_primary_clusterIP_is_refused()
    {
        var old = Stored(MyService());
        var update = Copy(old);
        update.Spec.ClusterIP = null;
        update.Spec.ClusterIPs = null;
        Assert.Equal(["spec.clusterIPs[0]: Invalid value: []string(nil): primary clusterIP can not be unset"],
            Render(Strategy().ValidateUpdate(update, old, null)));
    }

    [Fact]
    public void Changing_the_ip_family_is_refused()
    {
        var old = Stored(Web(), null, DualStack);
        var update = Copy(old);
        update.Spec.IpFamilies = ["IPv6"];
        Assert.Equal(["spec.ipFamilies[0]: Invalid value: []core.IPFamily{\"IPv6\"}: may not change once set"], Update(update, old, DualStack));
    }

    [Fact]
    public void Metadata_update_rules_apply()
    {
        var old = Stored(MyService());
        var update = Copy(old);
        update.Metadata.Name = "other";
        Assert.Equal(["metadata.name: Invalid value: \"other\": field is immutable"], Update(update, old));
    }

    [Fact]
    public void Whole_new_object_is_validated_on_update()
    {
        var old = Stored(MyService());
        var update = Copy(old);
        update.Spec.Ports[0].Protocol = "ICMP";
        Assert.Equal(["spec.ports[0].protocol: Unsupported value: \"ICMP\": supported values: \"SCTP\", \"TCP\", \"UDP\""], Update(update, old));
    }

    [Fact]
    public void Update_keeps_the_stored_status()
    {
        var old = Stored(Web("LoadBalancer"));
        old.Status.LoadBalancer.Ingress = [new V1LoadBalancerIngress { Ip = "203.0.113.1", IpMode = "VIP" }];
        var update = Copy(old);
        update.Status = new V1ServiceStatus { LoadBalancer = new V1LoadBalancerStatus { Ingress = [new V1LoadBalancerIngress { Ip = "198.51.100.9" }] } };
        Assert.Empty(Update(update, old));
        Assert.Equal("203.0.113.1", Assert.Single(update.Status.LoadBalancer.Ingress).Ip);
    }

    [Fact]
    public void Create_wipes_a_client_supplied_status()
    {
        var svc = Web("LoadBalancer");
        svc.Status = new V1ServiceStatus { LoadBalancer = new V1LoadBalancerStatus { Ingress = [new V1LoadBalancerIngress { Ip = "203.0.113.1" }] } };
        Assert.Empty(Create(svc));
        Assert.Null(svc.Status.LoadBalancer.Ingress);
        Assert.Null(svc.Status.Conditions);
    }

    [Fact]
    public void Missing_nodePorts_are_refilled_by_port_name()
    {
        var old = Stored(Web("NodePort", Port(80, "http", nodePort: 30080), Port(443, "https", nodePort: 30443)));
        var update = Web("NodePort", Port(443, "https"), Port(80, "http"));
        Assert.Empty(Update(update, old));
        Assert.Equal([30443, 30080], update.Spec.Ports.Select(p => p.NodePort));
    }

    [Fact]
    public void NodePort_taken_by_another_port_is_not_refilled()
    {
        var old = Stored(Web("NodePort", Port(80, "http", nodePort: 30080)));
        var update = Web("NodePort", Port(80, "http"), Port(81, "other", nodePort: 30080));
        Assert.Empty(Update(update, old));
        Assert.Null(update.Spec.Ports[0].NodePort);
    }

    [Fact]
    public void HealthCheckNodePort_is_refilled_for_Local_load_balancers()
    {
        var original = Web("LoadBalancer", Port(80, nodePort: 30080));
        original.Spec.ExternalTrafficPolicy = "Local";
        original.Spec.HealthCheckNodePort = 30100;
        var old = Stored(original);
        var update = Web("LoadBalancer", Port(80));
        update.Spec.ExternalTrafficPolicy = "Local";
        Assert.Empty(Update(update, old));
        Assert.Equal(30100, update.Spec.HealthCheckNodePort);
        Assert.Equal(30080, update.Spec.Ports[0].NodePort);
    }

    [Fact]
    public void HealthCheckNodePort_may_not_change()
    {
        var original = Web("LoadBalancer");
        original.Spec.ExternalTrafficPolicy = "Local";
        original.Spec.HealthCheckNodePort = 30100;
        var old = Stored(original);
        var update = Copy(old);
        update.Spec.HealthCheckNodePort = 30101;
        Assert.Equal(["spec.healthCheckNodePort: Forbidden: field is immutable"], Update(update, old));
    }

    [Fact]
    public void NodePort_to_ClusterIP_drops_unchanged_nodePorts_and_externalTrafficPolicy()
    {
        var old = Stored(Web("NodePort", Port(80, nodePort: 30080)));
        var update = Copy(old);
        update.Spec.Type = "ClusterIP";
        Assert.Empty(Update(update, old));
        Assert.Null(update.Spec.Ports[0].NodePort);
        Assert.Null(update.Spec.ExternalTrafficPolicy);
    }

    [Fact]
    public void NodePort_to_ClusterIP_with_a_new_nodePort_keeps_it_for_validation_to_refuse()
    {
        var old = Stored(Web("NodePort", Port(80, nodePort: 30080)));
        var update = Copy(old);
        update.Spec.Type = "ClusterIP";
        update.Spec.Ports[0].NodePort = 30090;
        Assert.Equal(["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"], Update(update, old));
    }

    [Fact]
    public void LoadBalancer_to_ClusterIP_drops_load_balancer_fields_and_status()
    {
        var original = Web("LoadBalancer", Port(80, nodePort: 30080));
        original.Spec.LoadBalancerClass = "example.com/lb";
        var old = Stored(original);
        old.Status.LoadBalancer.Ingress = [new V1LoadBalancerIngress { Ip = "203.0.113.1", IpMode = "VIP" }];
        var update = Copy(old);
        update.Spec.Type = "ClusterIP";
        Assert.Empty(Update(update, old));
        Assert.Null(update.Spec.AllocateLoadBalancerNodePorts);
        Assert.Null(update.Spec.LoadBalancerClass);
        Assert.Null(update.Status.LoadBalancer.Ingress);
    }

    [Fact]
    public void LoadBalancerClass_may_not_change()
    {
        var original = Web("LoadBalancer");
        original.Spec.LoadBalancerClass = "a.example.com/lb";
        var old = Stored(original);
        var update = Copy(old);
        update.Spec.LoadBalancerClass = "b.example.com/lb";
        Assert.Equal(["spec.loadBalancerClass: Invalid value: \"b.example.com/lb\": may not change once set"], Update(update, old));
    }

    [Fact]
    public void ClusterIP_to_ExternalName_drops_the_IP_fields()
    {
        var old = Stored(MyService());
        var update = Copy(old);
        update.Spec.Type = "ExternalName";
        update.Spec.ExternalName = "db.example.com";
        Assert.Empty(Update(update, old));
        Assert.Null(update.Spec.ClusterIP);
        Assert.Null(update.Spec.ClusterIPs);
        Assert.Null(update.Spec.IpFamilies);
        Assert.Null(update.Spec.IpFamilyPolicy);
    }

    [Fact]
    public void ExternalName_to_ClusterIP_gets_IP_families_and_waits_for_an_IP()
    {
        var original = Web("ExternalName");
        original.Spec.ExternalName = "db.example.com";
        var old = Stored(original, null);
        var update = Copy(old);
        update.Spec.Type = "ClusterIP";
        update.Spec.ExternalName = null;
        Assert.Empty(Update(update, old));
        Assert.Null(update.Spec.ClusterIP);
        Assert.Equal("SingleStack", update.Spec.IpFamilyPolicy);
        Assert.Equal(["IPv4"], update.Spec.IpFamilies);
    }

    [Fact]
    public void Selector_may_change_freely()
    {
        var old = Stored(MyService());
        var update = Copy(old);
        update.Spec.Selector = new Dictionary<string, string> { ["app"] = "Other" };
        Assert.Empty(Update(update, old));
        update = Copy(old);
        update.Spec.Selector = null;
        Assert.Empty(Update(update, old));
    }

    [Fact]
    public void Dual_stack_service_is_downgraded_by_asking_for_SingleStack()
    {
        var original = Web();
        original.Spec.IpFamilyPolicy = "RequireDualStack";
        original.Spec.ClusterIPs = ["10.0.0.1", "fd00::1"];
        var old = Stored(original, "10.0.0.1", DualStack);
        var update = Copy(old);
        update.Spec.IpFamilyPolicy = "SingleStack";
        Assert.Empty(Update(update, old, DualStack));
        Assert.Equal(["10.0.0.1"], update.Spec.ClusterIPs);
        Assert.Equal(["IPv4"], update.Spec.IpFamilies);
    }

    [Fact]
    public void Releasing_the_secondary_IP_needs_SingleStack()
    {
        var original = Web();
        original.Spec.IpFamilyPolicy = "RequireDualStack";
        original.Spec.ClusterIPs = ["10.0.0.1", "fd00::1"];
        var old = Stored(original, "10.0.0.1", DualStack);
        var update = Copy(old);
        update.Spec.ClusterIPs = ["10.0.0.1"];
        Assert.Equal(["spec.ipFamilyPolicy: Invalid value: \"RequireDualStack\": must be 'SingleStack' to release the secondary cluster IP"],
            Update(update, old, DualStack));
    }

    [Fact]
    public void Unchanged_PreferDualStack_service_survives_a_cluster_that_lost_dual_stack()
    {
        var original = Web();
        original.Spec.IpFamilyPolicy = "PreferDualStack";
        original.Spec.ClusterIPs = ["10.0.0.1", "fd00::1"];
        var old = Stored(original, "10.0.0.1", DualStack);
        var update = Copy(old);
        update.Metadata.Labels = new Dictionary<string, string> { ["touched"] = "yes" };
        Assert.Empty(Update(update, old, Strategy()));
        Assert.Equal(["IPv4", "IPv6"], update.Spec.IpFamilies);
    }

    [Fact]
    public void Update_without_policy_adopts_the_stored_policy()
    {
        var original = Web();
        original.Spec.IpFamilyPolicy = "PreferDualStack";
        var old = Stored(original, "10.0.0.1", DualStack);
        var update = Web();
        Assert.Empty(Update(update, old, DualStack));
        Assert.Equal("PreferDualStack", update.Spec.IpFamilyPolicy);
        Assert.Equal(["IPv4", "IPv6"], update.Spec.IpFamilies);
    }
}
