using System.Net;
using MiniApiServer.Controllers.PodSimulator;

namespace MiniApiServer.Tests.Controllers;

/// <summary>The simulated node's pod IPs: each once, never the network, gateway or broadcast address, next-fit.</summary>
public sealed class PodIpPoolTests
{
    [Fact]
    public void A_slash_24_gives_253_addresses_from_dot_2_and_then_none()
    {
        var pool = new PodIpPool(IPNetwork.Parse("10.1.2.0/24"));
        var given = Enumerable.Range(0, 253).Select(i => pool.Allocate("pod-" + i)).ToList();
        Assert.Equal("10.1.2.2", given[0]);
        Assert.Equal("10.1.2.254", given[^1]);
        Assert.Equal(253, given.Distinct().Count());
        Assert.Null(pool.Allocate("one-too-many"));
    }

    [Fact]
    public void A_pod_keeps_its_address_and_a_released_one_is_not_reused_at_once()
    {
        var pool = new PodIpPool(IPNetwork.Parse("10.1.2.0/24"));
        var a = pool.Allocate("a");
        Assert.Equal(a, pool.Allocate("a"));
        pool.Release("a");
        Assert.NotEqual(a, pool.Allocate("b"));
        Assert.Equal(1, pool.InUse);
    }

    [Fact]
    public void Restored_addresses_are_taken()
    {
        var pool = new PodIpPool(IPNetwork.Parse("10.1.2.0/24"));
        Assert.True(pool.Restore("old", "10.1.2.2"));
        Assert.False(pool.Restore("outside", "192.168.0.5"));
        Assert.False(pool.Restore("dup", "10.1.2.2"));
        Assert.Equal("10.1.2.3", pool.Allocate("new"));
    }
}
