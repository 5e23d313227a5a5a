using System.Collections.Concurrent;
using System.Net;
using MiniApiServer.Allocation;

namespace MiniApiServer.Tests.Allocation;

public sealed class IpAllocatorTests
{
    private static IpAllocator For(string cidr) => new(IPNetwork.Parse(cidr));

    private static List<IPAddress> Drain(IpAllocator allocator)
    {
        var taken = new List<IPAddress>();
        while (allocator.Free > 0)
        {
            taken.Add(allocator.AllocateNext());
        }
        return taken;
    }

    [Theory]
    [InlineData("10.0.0.0/29", 6)]
    [InlineData("10.0.0.0/28", 14)]
    [InlineData("10.0.0.0/27", 30)]
    [InlineData("10.0.0.0/24", 254)]
    [InlineData("10.0.0.0/16", 65534)]
    [InlineData("10.96.0.0/12", 1048574)]
    [InlineData("fd00::/125", 7)]
    [InlineData("fd00::/120", 255)]
    [InlineData("fd00::/112", 65535)]
    [InlineData("fd00::/108", 65535)]
    [InlineData("fd00::/64", 65535)]
    public void Size_is_the_range_without_network_and_IPv4_broadcast_with_IPv6_capped(string cidr, int size)
    {
        var allocator = For(cidr);
        Assert.Equal(size, allocator.Size);
        Assert.Equal(size, allocator.Free);
        Assert.Equal(0, allocator.Used);
    }

    [Theory]
    [InlineData("10.0.0.0/29", 0)]
    [InlineData("10.0.0.0/28", 0)]
    [InlineData("10.0.0.0/27", 16)]
    [InlineData("10.0.0.0/24", 16)]
    [InlineData("10.0.0.0/23", 32)]
    [InlineData("10.0.0.0/20", 256)]
    [InlineData("10.96.0.0/12", 256)]
    [InlineData("fd00::/124", 0)]
    [InlineData("fd00::/120", 16)]
    [InlineData("fd00::/108", 256)]
    [InlineData("fd00::/64", 256)]
    public void Static_band_follows_KEP_3070_over_the_full_CIDR_size(string cidr, int band)
    {
        Assert.Equal(band, For(cidr).StaticBand);
    }

    [Fact]
    public void Family_and_range_are_exposed()
    {
        var v4 = For("10.96.0.0/12");
        var v6 = For("fd00::/108");
        Assert.Equal(("IPv4", "10.96.0.0/12"), (v4.Family, v4.Range.ToString()));
        Assert.Equal(("IPv6", "fd00::/108"), (v6.Family, v6.Range.ToString()));
    }

    [Theory]
    [InlineData("10.0.0.0", false)]
    [InlineData("10.0.0.1", true)]
    [InlineData("10.0.0.254", true)]
    [InlineData("10.0.0.255", false)]
    [InlineData("10.0.1.1", false)]
    [InlineData("9.255.255.255", false)]
    [InlineData("fd00::1", false)]
    [InlineData("::ffff:10.0.0.7", true)]
    public void Contains_only_usable_addresses(string ip, bool contained)
    {
        Assert.Equal(contained, For("10.0.0.0/24").Contains(IPAddress.Parse(ip)));
    }

    [Theory]
    [InlineData("10.0.0.0")]
    [InlineData("10.0.0.255")]
    [InlineData("10.0.1.0")]
    public void Network_broadcast_and_outside_addresses_are_not_in_range(string ip)
    {
        var result = For("10.0.0.0/24").Allocate(IPAddress.Parse(ip));
        Assert.Equal(AllocationErrorKind.NotInRange, result.ErrorKind);
        Assert.Equal($"the provided IP ({ip}) is not in the valid range. The range of valid IPs is 10.0.0.0/24", result.Message);
    }

    [Fact]
    public void Not_in_range_message_is_kube_apiservers()
    {
        var result = For("10.96.0.0/12").Allocate(IPAddress.Parse("1.2.3.4"));
        Assert.False(result.Succeeded);
        Assert.Equal("the provided IP (1.2.3.4) is not in the valid range. The range of valid IPs is 10.96.0.0/12", result.Message);
        var thrown = Assert.Throws<AllocationException>(result.ThrowIfFailed);
        Assert.Equal(AllocationErrorKind.NotInRange, thrown.Kind);
        Assert.Equal(result.Message, thrown.Message);
    }

    [Fact]
    public void First_and_last_usable_addresses_can_be_requested()
    {
        var allocator = For("10.0.0.0/24");
        Assert.True(allocator.Allocate(IPAddress.Parse("10.0.0.1")).Succeeded);
        Assert.True(allocator.Allocate(IPAddress.Parse("10.0.0.254")).Succeeded);
        Assert.Equal([IPAddress.Parse("10.0.0.1"), IPAddress.Parse("10.0.0.254")], allocator.Allocated());
    }

    [Fact]
    public void Requesting_a_taken_address_is_already_allocated()
    {
        var allocator = For("10.96.0.0/12");
        var ip = IPAddress.Parse("10.96.0.10");
        Assert.True(allocator.Allocate(ip).Succeeded);
        var result = allocator.Allocate(ip);
        Assert.Equal(AllocationErrorKind.AlreadyAllocated, result.ErrorKind);
        Assert.Equal("provided IP is already allocated", result.Message);
        Assert.True(allocator.Has(ip));
        Assert.Equal(1, allocator.Used);
    }

    [Fact]
    public void Slash_28_fills_to_exactly_14_with_no_static_band_then_is_full()
    {
        var allocator = For("10.0.0.0/28");
        var taken = Drain(allocator);
        Assert.Equal(14, taken.Count);
        Assert.Equal(Enumerable.Range(1, 14).Select(i => IPAddress.Parse($"10.0.0.{i}")), taken.OrderBy(ip => ip.GetAddressBytes()[3]));
        var full = Assert.Throws<AllocationException>(() => allocator.AllocateNext());
        Assert.Equal(AllocationErrorKind.RangeFull, full.Kind);
        Assert.Equal("range is full", full.Message);
    }

    [Fact]
    public void Slash_29_holds_6()
    {
        var allocator = For("192.168.1.8/29");
        Assert.Equal(6, Drain(allocator).Distinct().Count());
        Assert.Throws<AllocationException>(() => allocator.AllocateNext());
        Assert.Equal(["192.168.1.9", "192.168.1.10", "192.168.1.11", "192.168.1.12", "192.168.1.13", "192.168.1.14"],
            allocator.Allocated().Select(ip => ip.ToString()));
    }

    [Fact]
    public void Dynamic_allocation_uses_the_upper_band_before_the_static_band()
    {
        var allocator = For("10.0.0.0/24");
        var taken = Drain(allocator);
        Assert.Equal(254, taken.Count);
        Assert.Equal(254, taken.Distinct().Count());
        // Static band: the 16 lowest usable addresses 10.0.0.1-10.0.0.16.
        Assert.All(taken.Take(238), ip => Assert.InRange(ip.GetAddressBytes()[3], 17, 254));
        Assert.All(taken.Skip(238), ip => Assert.InRange(ip.GetAddressBytes()[3], 1, 16));
    }

    [Fact]
    public void Dynamic_allocation_starts_at_a_random_address()
    {
        var firsts = Enumerable.Range(0, 20).Select(_ => For("10.0.0.0/24").AllocateNext()).Distinct().Count();
        Assert.True(firsts > 1);
    }

    [Fact]
    public void Requested_addresses_in_either_band_are_honoured_and_never_handed_out_again()
    {
        var allocator = For("10.0.0.0/24");
        var inStatic = IPAddress.Parse("10.0.0.5");
        var inDynamic = IPAddress.Parse("10.0.0.200");
        Assert.True(allocator.Allocate(inStatic).Succeeded);
        Assert.True(allocator.Allocate(inDynamic).Succeeded);
        var taken = Drain(allocator);
        Assert.Equal(252, taken.Count);
        Assert.DoesNotContain(inStatic, taken);
        Assert.DoesNotContain(inDynamic, taken);
    }

    [Fact]
    public void Released_address_is_reused()
    {
        var allocator = For("10.0.0.0/29");
        var taken = Drain(allocator);
        allocator.Release(taken[3]);
        Assert.False(allocator.Has(taken[3]));
        Assert.Equal(1, allocator.Free);
        Assert.Equal(taken[3], allocator.AllocateNext());
        Assert.Equal(0, allocator.Free);
    }

    [Fact]
    public void Releasing_a_free_or_foreign_address_is_a_no_op()
    {
        var allocator = For("10.0.0.0/24");
        allocator.Allocate(IPAddress.Parse("10.0.0.9"));
        allocator.Release(IPAddress.Parse("10.0.0.10"));
        allocator.Release(IPAddress.Parse("10.0.0.0"));
        allocator.Release(IPAddress.Parse("10.0.0.255"));
        allocator.Release(IPAddress.Parse("172.16.0.1"));
        allocator.Release(IPAddress.Parse("fd00::9"));
        Assert.Equal(1, allocator.Used);
        Assert.False(allocator.Has(IPAddress.Parse("10.0.0.0")));
    }

    [Fact]
    public void Dry_run_checks_the_range_only()
    {
        var allocator = For("10.0.0.0/24");
        Assert.True(allocator.Allocate(IPAddress.Parse("10.0.0.9"), dryRun: true).Succeeded);
        Assert.Equal(0, allocator.Used);
        Assert.Equal(AllocationErrorKind.NotInRange, allocator.Allocate(IPAddress.Parse("10.0.1.9"), dryRun: true).ErrorKind);
    }

    [Fact]
    public void IPv4_mapped_address_counts_as_IPv4_as_in_Go()
    {
        var v4 = For("10.0.0.0/24");
        Assert.True(v4.Allocate(IPAddress.Parse("::ffff:10.0.0.7")).Succeeded);
        Assert.True(v4.Has(IPAddress.Parse("10.0.0.7")));
        Assert.Equal("the provided IP (1.2.3.4) is not in the valid range. The range of valid IPs is 10.0.0.0/24",
            v4.Allocate(IPAddress.Parse("::ffff:1.2.3.4")).Message);
        Assert.Equal(AllocationErrorKind.NotInRange, For("::/96").Allocate(IPAddress.Parse("::ffff:0.0.0.1")).ErrorKind);
    }

    [Fact]
    public void IPv6_range_has_no_broadcast_exclusion()
    {
        var allocator = For("fd00::/120");
        Assert.Equal(AllocationErrorKind.NotInRange, allocator.Allocate(IPAddress.Parse("fd00::")).ErrorKind);
        Assert.True(allocator.Allocate(IPAddress.Parse("fd00::1")).Succeeded);
        Assert.True(allocator.Allocate(IPAddress.Parse("fd00::ff")).Succeeded);
        Assert.Equal(AllocationErrorKind.NotInRange, allocator.Allocate(IPAddress.Parse("fd00::100")).ErrorKind);
        Assert.Equal(253, Drain(allocator).Count);
    }

    [Theory]
    [InlineData("fd00::/108")]
    [InlineData("2001:db8:1:2::/64")]
    public void IPv6_range_is_capped_to_the_first_65535_addresses_after_the_network(string cidr)
    {
        var allocator = For(cidr);
        var network = IPNetwork.Parse(cidr);
        var bytes = network.BaseAddress.GetAddressBytes();
        bytes[14] = 0xff;
        bytes[15] = 0xff;
        Assert.True(allocator.Allocate(new IPAddress(bytes)).Succeeded);
        bytes[13] = 1;
        bytes[14] = bytes[15] = 0;
        var beyond = new IPAddress(bytes);
        Assert.True(network.Contains(beyond));
        var result = allocator.Allocate(beyond);
        Assert.Equal(AllocationErrorKind.NotInRange, result.ErrorKind);
        Assert.Equal($"the provided IP ({beyond}) is not in the valid range. The range of valid IPs is {cidr}", result.Message);

        var next = allocator.AllocateNext();
        Assert.True(network.Contains(next));
        Assert.True(allocator.Has(next));
    }

    [Fact]
    public void IPv4_address_is_not_in_an_IPv6_range()
    {
        var result = For("fd00::/108").Allocate(IPAddress.Parse("10.0.0.1"));
        Assert.Equal("the provided IP (10.0.0.1) is not in the valid range. The range of valid IPs is fd00::/108", result.Message);
    }

    [Fact]
    public void Slash_12_hands_out_addresses_inside_it()
    {
        var allocator = For("10.96.0.0/12");
        var network = IPNetwork.Parse("10.96.0.0/12");
        for (var i = 0; i < 1000; i++)
        {
            var ip = allocator.AllocateNext();
            Assert.True(network.Contains(ip));
            Assert.NotEqual(IPAddress.Parse("10.96.0.0"), ip);
            Assert.NotEqual(IPAddress.Parse("10.111.255.255"), ip);
        }
        Assert.Equal(1000, allocator.Allocated().Distinct().Count());
    }

    [Fact]
    public void Concurrent_allocation_until_full_hands_out_each_address_once()
    {
        var allocator = For("10.0.0.0/20");
        var taken = new ConcurrentBag<IPAddress>();
        Parallel.For(0, 16, new ParallelOptions { MaxDegreeOfParallelism = 16 }, _ =>
        {
            while (true)
            {
                try
                {
                    taken.Add(allocator.AllocateNext());
                }
                catch (AllocationException e) when (e.Kind == AllocationErrorKind.RangeFull)
                {
                    return;
                }
            }
        });
        Assert.Equal(allocator.Size, taken.Count);
        Assert.Equal(4094, taken.Distinct().Count());
        Assert.Equal(0, allocator.Free);
    }

    [Fact]
    public void Concurrent_requests_for_one_address_succeed_once()
    {
        var allocator = For("10.0.0.0/24");
        var ip = IPAddress.Parse("10.0.0.42");
        var wins = 0;
        Parallel.For(0, 64, _ =>
        {
            if (allocator.Allocate(ip).Succeeded)
            {
                Interlocked.Increment(ref wins);
            }
        });
        Assert.Equal(1, wins);
    }
}
