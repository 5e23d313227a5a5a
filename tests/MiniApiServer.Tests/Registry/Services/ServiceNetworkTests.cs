using MiniApiServer.Hosting;
using MiniApiServer.Registry.Services;

namespace MiniApiServer.Tests.Registry.Services;

public class ServiceNetworkTests
{
    [Theory]
    [InlineData("10.96.0.0/12", "IPv4", null)]
    [InlineData("fd00:10:96::/108", "IPv6", null)]
    [InlineData("10.96.0.0/12,fd00:10:96::/108", "IPv4", "IPv6")]
    [InlineData("fd00:10:96::/108, 10.96.0.0/12", "IPv6", "IPv4")]
    public void Families_come_from_the_service_cluster_ip_range(string flag, string primary, string? secondary)
    {
        var network = ServiceNetwork.From(ServerOptions.ParseServiceCidrs(flag));
        Assert.Equal(primary, network.PrimaryFamily);
        Assert.Equal(secondary, network.SecondaryFamily);
        Assert.Equal(secondary is not null, network.IsDualStack);
        Assert.True(network.Serves(primary));
    }

    [Fact]
    public void Single_stack_IPv4_serves_only_IPv4()
    {
        Assert.True(ServiceNetwork.SingleStackIPv4.Serves("IPv4"));
        Assert.False(ServiceNetwork.SingleStackIPv4.Serves("IPv6"));
        Assert.False(ServiceNetwork.SingleStackIPv4.IsDualStack);
    }

    [Fact]
    public void Two_families_must_differ()
    {
        Assert.Throws<ArgumentException>(() => new ServiceNetwork("IPv4", "IPv4"));
        Assert.Throws<ArgumentException>(() => new ServiceNetwork("IPv5"));
    }
}
