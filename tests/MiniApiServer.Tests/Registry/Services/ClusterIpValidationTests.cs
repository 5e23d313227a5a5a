using MiniApiServer.Registry.Services;
using static MiniApiServer.Tests.Registry.Services.ServiceFixtures;

namespace MiniApiServer.Tests.Registry.Services;

public class ClusterIpValidationTests
{
    private static readonly ServiceStrategy DualStack = Strategy(new ServiceNetwork("IPv4", "IPv6"));

    [Fact]
    public void ClusterIP_alone_fills_clusterIPs_on_create()
    {
        var svc = Web();
        svc.Spec.ClusterIP = "10.96.0.10";
        Assert.Empty(Create(svc));
        Assert.Equal(["10.96.0.10"], svc.Spec.ClusterIPs);
    }

    [Fact]
    public void ClusterIPs_alone_is_not_copied_back_and_is_invalid()
    {
        var svc = Web();
        svc.Spec.ClusterIPs = ["10.96.0.10"];
        Assert.Equal(["spec.clusterIPs: Invalid value: []string{\"10.96.0.10\"}: must be empty when `clusterIP` is not specified"], Create(svc));
        Assert.Null(svc.Spec.ClusterIP);
    }

    [Fact]
    public void First_clusterIPs_value_must_match_clusterIP()
    {
        var svc = Web();
        svc.Spec.ClusterIP = "10.96.0.10";
        svc.Spec.ClusterIPs = ["10.96.0.11"];
        Assert.Equal(["spec.clusterIPs: Invalid value: []string{\"10.96.0.11\"}: first value must match `clusterIP`"], Create(svc));
    }

    [Fact]
    public void ClusterIPs_is_required_with_clusterIP_when_not_normalised()
    {
        var strategy = Strategy();
        var svc = Web();
        strategy.Default(svc);
        svc.Spec.ClusterIP = "10.96.0.10";
        Assert.Equal(["spec.clusterIPs: Required value"], Render(strategy.Validate(svc, null)));
    }

    [Fact]
    public void ClusterIP_must_be_an_IP()
    {
        var svc = Web();
        svc.Spec.ClusterIP = "abc";
        Assert.Equal(["spec.clusterIPs[0]: Invalid value: \"abc\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"], Create(svc));
    }

    [Fact]
    public void None_must_be_the_only_clusterIPs_value()
    {
        var svc = Web();
        svc.Spec.ClusterIP = "None";
        svc.Spec.ClusterIPs = ["None", "10.96.0.1"];
        Assert.Equal(["spec.clusterIPs: Invalid value: []string{\"None\", \"10.96.0.1\"}: 'None' must be the first and only value"], Create(svc));
    }

    [Fact]
    public void ClusterIPs_hold_at_most_two_values()
    {
        var svc = Web();
        svc.Spec.ClusterIP = "10.0.0.1";
        svc.Spec.ClusterIPs = ["10.0.0.1", "fd00::1", "10.0.0.2"];
        Assert.Equal(["spec.clusterIPs: Invalid value: []string{\"10.0.0.1\", \"fd00::1\", \"10.0.0.2\"}: may only hold up to 2 values"],
            Create(svc, DualStack));
    }

    [Fact]
    public void Two_clusterIPs_must_be_of_different_families()
    {
        var svc = Web();
        svc.Spec.ClusterIP = "10.0.0.1";
        svc.Spec.ClusterIPs = ["10.0.0.1", "10.0.0.2"];
        svc.Spec.IpFamilyPolicy = "PreferDualStack";
        Assert.Equal(["spec.clusterIPs: Invalid value: []string{\"10.0.0.1\", \"10.0.0.2\"}: may specify no more than one IP for each IP family"],
            Create(svc, DualStack));
    }

    [Fact]
    public void ClusterIPs_must_match_the_given_families()
    {
        var svc = Web();
        svc.Spec.ClusterIP = "10.0.0.1";
        svc.Spec.IpFamilies = ["IPv6"];
        Assert.Equal(["spec.clusterIPs[0]: Invalid value: \"10.0.0.1\": expected an IPv6 value as indicated by `ipFamilies[0]`"], Create(svc, DualStack));

        svc = Web();
        svc.Spec.ClusterIP = "fd00::1";
        svc.Spec.IpFamilies = ["IPv4"];
        Assert.Equal(["spec.clusterIPs[0]: Invalid value: \"fd00::1\": expected an IPv4 value as indicated by `ipFamilies[0]`"], Create(svc, DualStack));
    }

    [Fact]
    public void IpFamilies_must_be_known_and_distinct()
    {
        var svc = Web();
        svc.Spec.IpFamilies = ["IPv5"];
        Assert.Equal(["spec.ipFamilies[0]: Unsupported value: \"IPv5\": supported values: \"IPv4\", \"IPv6\""], Create(svc));

        svc = Web();
        svc.Spec.IpFamilies = ["IPv4", "IPv4"];
        svc.Spec.IpFamilyPolicy = "PreferDualStack";
        Assert.Equal(["spec.ipFamilies[1]: Duplicate value: \"IPv4\""], Create(svc));
    }

    [Fact]
    public void IpFamilyPolicy_must_be_known()
    {
        var svc = Web();
        svc.Spec.IpFamilyPolicy = "Both";
        Assert.Equal(["spec.ipFamilyPolicy: Unsupported value: \"Both\": supported values: \"PreferDualStack\", \"RequireDualStack\", \"SingleStack\""], Create(svc));
    }

    [Theory]
    [InlineData("NodePort")]
    [InlineData("LoadBalancer")]
    public void Headless_is_only_for_ClusterIP_services(string type)
    {
        var svc = Web(type);
        svc.Spec.ClusterIP = "None";
        Assert.Equal([$"spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for {type} services"], Create(svc));
    }

    [Fact]
    public void Headless_service_with_selector_is_single_stack()
    {
        var svc = Web();
        svc.Spec.ClusterIP = "None";
        Assert.Empty(Create(svc));
        Assert.Equal("SingleStack", svc.Spec.IpFamilyPolicy);
        Assert.Equal(["IPv4"], svc.Spec.IpFamilies);
    }

    [Fact]
    public void Headless_selectorless_service_requires_dual_stack_even_on_a_single_stack_cluster()
    {
        var svc = Web();
        svc.Spec.ClusterIP = "None";
        svc.Spec.Selector = null;
        Assert.Empty(Create(svc));
        Assert.Equal("RequireDualStack", svc.Spec.IpFamilyPolicy);
        Assert.Equal(["IPv4", "IPv6"], svc.Spec.IpFamilies);
    }

    [Fact]
    public void Headless_selectorless_service_starts_from_the_primary_family()
    {
        var svc = Web();
        svc.Spec.ClusterIP = "None";
        svc.Spec.Selector = null;
        Assert.Empty(Create(svc, Strategy(new ServiceNetwork("IPv6"))));
        Assert.Equal(["IPv6", "IPv4"], svc.Spec.IpFamilies);
    }

    [Fact]
    public void Headless_selectorless_service_may_ask_for_single_stack()
    {
        var svc = Web();
        svc.Spec.ClusterIP = "None";
        svc.Spec.Selector = null;
        svc.Spec.IpFamilyPolicy = "SingleStack";
        Assert.Empty(Create(svc));
        Assert.Equal(["IPv4"], svc.Spec.IpFamilies);
    }
}
