using System.Collections.Concurrent;
using MiniApiServer.Allocation;

namespace MiniApiServer.Tests.Allocation;

public sealed class PortAllocatorTests
{
    private static PortAllocator For(string range) => new(PortRange.Parse(range, "--service-node-port-range"));

    private static List<int> Drain(PortAllocator allocator)
    {
        var taken = new List<int>();
        while (allocator.Free > 0)
        {
            taken.Add(allocator.AllocateNext());
        }
        return taken;
    }

    [Theory]
    [InlineData("30000-32767", 2768, 86)]
    [InlineData("30000-30015", 16, 0)]
    [InlineData("30000-30016", 17, 16)]
    [InlineData("20000-39999", 20000, 128)]
    [InlineData("30000", 1, 0)]
    public void Static_band_is_min_max_16_size_over_32_128(string range, int size, int band)
    {
        var allocator = For(range);
        Assert.Equal(size, allocator.Size);
        Assert.Equal(band, allocator.StaticBand);
    }

    [Fact]
    public void Default_range_hands_out_above_30085_before_the_static_band_then_is_full()
    {
        var allocator = For("30000-32767");
        var taken = Drain(allocator);
        Assert.Equal(2768, taken.Distinct().Count());
        Assert.All(taken.Take(2682), port => Assert.InRange(port, 30086, 32767));
        Assert.All(taken.Skip(2682), port => Assert.InRange(port, 30000, 30085));
        var full = Assert.Throws<AllocationException>(() => allocator.AllocateNext());
        Assert.Equal(AllocationErrorKind.RangeFull, full.Kind);
        Assert.Equal("range is full", full.Message);
    }

    [Theory]
    [InlineData(29999)]
    [InlineData(32768)]
    [InlineData(0)]
    public void Port_outside_the_range_is_not_in_range(int port)
    {
        var result = For("30000-32767").Allocate(port);
        Assert.Equal(AllocationErrorKind.NotInRange, result.ErrorKind);
        Assert.Equal("provided port is not in the valid range. The range of valid ports is 30000-32767", result.Message);
    }

    [Fact]
    public void Single_port_range_prints_as_go_does()
    {
        Assert.Equal("provided port is not in the valid range. The range of valid ports is 30000-30000", For("30000").Allocate(30001).Message);
    }

    [Fact]
    public void Requesting_a_taken_port_is_already_allocated()
    {
        var allocator = For("30000-32767");
        Assert.True(allocator.Allocate(30080).Succeeded);
        var result = allocator.Allocate(30080);
        Assert.Equal(AllocationErrorKind.AlreadyAllocated, result.ErrorKind);
        Assert.Equal("provided port is already allocated", result.Message);
        Assert.Equal(AllocationErrorKind.AlreadyAllocated, Assert.Throws<AllocationException>(result.ThrowIfFailed).Kind);
    }

    [Fact]
    public void First_and_last_ports_can_be_requested_in_either_band()
    {
        var allocator = For("30000-32767");
        Assert.True(allocator.Allocate(30000).Succeeded);
        Assert.True(allocator.Allocate(32767).Succeeded);
        Assert.Equal([30000, 32767], allocator.Allocated());
        Assert.DoesNotContain(30000, Drain(allocator));
    }

    [Fact]
    public void Released_port_is_reused_and_foreign_releases_are_no_ops()
    {
        var allocator = For("30000-30009");
        var taken = Drain(allocator);
        allocator.Release(taken[5]);
        allocator.Release(29999);
        allocator.Release(30010);
        Assert.Equal(9, allocator.Used);
        Assert.False(allocator.Has(taken[5]));
        Assert.Equal(taken[5], allocator.AllocateNext());
    }

    [Fact]
    public void Dry_run_checks_the_range_only()
    {
        var allocator = For("30000-32767");
        Assert.True(allocator.Allocate(30500, dryRun: true).Succeeded);
        Assert.False(allocator.Has(30500));
        Assert.Equal(AllocationErrorKind.NotInRange, allocator.Allocate(80, dryRun: true).ErrorKind);
    }

    [Fact]
    public void Concurrent_allocation_until_full_hands_out_each_port_once()
    {
        var allocator = For("30000-32767");
        var taken = new ConcurrentBag<int>();
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
        Assert.Equal(2768, taken.Count);
        Assert.Equal(2768, taken.Distinct().Count());
    }
}
