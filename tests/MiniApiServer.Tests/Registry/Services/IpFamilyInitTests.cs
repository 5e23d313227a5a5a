using MiniApiServer.Registry.Services;
using static MiniApiServer.Tests.Registry.Services.ServiceFixtures;

namespace MiniApiServer.Tests.Registry.Services;

public class IpFamilyInitTests
{
    private static readonly ServiceStrategy DualStack = Strategy(new ServiceNetwork("IPv4", "IPv6"));
    private static readonly ServiceStrategy DualStackV6First = Strategy(new ServiceNetwork("IPv6", "IPv4"));

    [Fact]
    public void Single_stack_cluster_defaults_to_SingleStack_IPv4()
    {
        var svc = Web();
        Assert.Empty(Create(svc));
        Assert.Equal("SingleStack", svc.Spec.IpFamilyPolicy);
        Assert.Equal(["IPv4"], svc.Spec.IpFamilies);
    }

    [Fact]
    public void IPv6_cluster_defaults_to_IPv6()
    {
        var svc = Web();
        Assert.Empty(Create(svc, Strategy(new ServiceNetwork("IPv6"))));
        Assert.Equal(["IPv6"], svc.Spec.IpFamilies);
    }

    [Fact]
    public void RequireDualStack_on_a_single_stack_cluster_is_refused()
    {
        var svc = Web();
        svc.Spec.IpFamilyPolicy = "RequireDualStack";
        Assert.Equal(["spec.ipFamilyPolicy: Invalid value: \"RequireDualStack\": this cluster is not configured for dual-stack services"], Create(svc));
    }

    [Fact]
    public void PreferDualStack_on_a_single_stack_cluster_gets_one_family()
    {
        var svc = Web();
        svc.Spec.IpFamilyPolicy = "PreferDualStack";
        Assert.Empty(Create(svc));
        Assert.Equal(["IPv4"], svc.Spec.IpFamilies);
    }

    [Fact]
    public void Family_the_cluster_does_not_serve_is_refused()
    {
        var svc = Web();
        svc.Spec.IpFamilies = ["IPv6"];
        Assert.Equal(["spec.ipFamilies[0]: Invalid value: \"IPv6\": not configured on this cluster"], Create(svc));
    }

    [Fact]
    public void ClusterIP_of_a_family_the_cluster_does_not_serve_is_refused()
    {
        var svc = Web();
        svc.Spec.ClusterIP = "fd00::10";
        Assert.Equal(["spec.clusterIPs[0]: Invalid value: []string{\"fd00::10\"}: IPv6 is not configured on this cluster"], Create(svc));
    }

    [Fact]
    public void Family_errors_stop_before_the_rest_of_validation()
    {
        var svc = Web();
        svc.Metadata.Name = "Bad_Name";
        svc.Spec.IpFamilyPolicy = "RequireDualStack";
        Assert.Equal(["spec.ipFamilyPolicy: Invalid value: \"RequireDualStack\": this cluster is not configured for dual-stack services"], Create(svc));
    }

    [Fact]
    public void Families_are_inferred_from_clusterIPs()
    {
        var svc = Web();
        svc.Spec.ClusterIP = "fd00::10";
        Assert.Empty(Create(svc, DualStack));
        Assert.Equal(["IPv6"], svc.Spec.IpFamilies);
    }

    [Fact]
    public void SingleStack_with_two_clusterIPs_is_refused()
    {
        var svc = Web();
        svc.Spec.ClusterIP = "10.0.0.1";
        svc.Spec.ClusterIPs = ["10.0.0.1", "fd00::1"];
        Assert.Equal(["spec.ipFamilyPolicy: Invalid value: \"SingleStack\": must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified"],
            Create(svc, DualStack));
    }

    [Fact]
    public void SingleStack_with_two_families_is_refused()
    {
        var svc = Web();
        svc.Spec.IpFamilies = ["IPv4", "IPv6"];
        svc.Spec.IpFamilyPolicy = "SingleStack";
        Assert.Equal(["spec.ipFamilyPolicy: Invalid value: \"SingleStack\": must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified"],
            Create(svc, DualStack));
    }

    [Theory]
    [InlineData("PreferDualStack")]
    [InlineData("RequireDualStack")]
    public void Dual_stack_policies_get_both_families_on_a_dual_stack_cluster(string policy)
    {
        var svc = Web();
        svc.Spec.IpFamilyPolicy = policy;
        Assert.Empty(Create(svc, DualStack));
        Assert.Equal(["IPv4", "IPv6"], svc.Spec.IpFamilies);

        svc = Web();
        svc.Spec.IpFamilyPolicy = policy;
        Assert.Empty(Create(svc, DualStackV6First));
        Assert.Equal(["IPv6", "IPv4"], svc.Spec.IpFamilies);
    }

    [Fact]
    public void Given_first_family_leads_on_a_dual_stack_cluster()
    {
        var svc = Web();
        svc.Spec.IpFamilyPolicy = "RequireDualStack";
        svc.Spec.IpFamilies = ["IPv6"];
        Assert.Empty(Create(svc, DualStack));
        Assert.Equal(["IPv6", "IPv4"], svc.Spec.IpFamilies);
    }

    [Fact]
    public void Dual_stack_clusterIPs_are_accepted()
    {
        var svc = Web();
        svc.Spec.IpFamilyPolicy = "RequireDualStack";
        svc.Spec.ClusterIP = "10.0.0.1";
        svc.Spec.ClusterIPs = ["10.0.0.1", "fd00::1"];
        Assert.Empty(Create(svc, DualStack));
        Assert.Equal(["IPv4", "IPv6"], svc.Spec.IpFamilies);
    }

    [Fact]
    public void Single_stack_cluster_refuses_a_second_clusterIP()
    {
        var svc = Web();
        svc.Spec.IpFamilyPolicy = "PreferDualStack";
        svc.Spec.ClusterIP = "10.0.0.1";
        svc.Spec.ClusterIPs = ["10.0.0.1", "fd00::1"];
        Assert.Equal(["spec.clusterIPs[1]: Invalid value: []string{\"10.0.0.1\", \"fd00::1\"}: IPv6 is not configured on this cluster"], Create(svc));
    }

    [Fact]
    public void Defaults_written_on_prepare_survive_validation_unchanged()
    {
        var strategy = Strategy();
        var svc = Web();
        strategy.Default(svc);
        strategy.PrepareForCreate(svc);
        var before = k8s.KubernetesJson.Serialize(svc);
        Assert.Empty(strategy.Validate(svc, null));
        Assert.Equal(before, k8s.KubernetesJson.Serialize(svc));
    }
}
