using MiniApiServer.Allocation;

namespace MiniApiServer.Tests.Allocation;

public sealed class AllocationBitmapTests
{
    private static List<int> Drain(AllocationBitmap bitmap)
    {
        var taken = new List<int>();
        for (var index = bitmap.AllocateNext(); index >= 0; index = bitmap.AllocateNext())
        {
            taken.Add(index);
        }
        return taken;
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(63, 0)]
    [InlineData(64, 0)]
    [InlineData(65, 16)]
    [InlineData(130, 64)]
    [InlineData(1000, 256)]
    public void Next_hands_out_every_index_exactly_once_across_word_boundaries(int size, int staticBand)
    {
        var bitmap = new AllocationBitmap(size, staticBand);
        var taken = Drain(bitmap);
        Assert.Equal(Enumerable.Range(0, size), taken.Order());
        Assert.Equal(size, bitmap.Count);
        Assert.Equal(-1, bitmap.AllocateNext());
    }

    [Fact]
    public void Dynamic_band_is_used_up_before_the_static_band()
    {
        var bitmap = new AllocationBitmap(200, 16);
        var taken = Drain(bitmap);
        Assert.All(taken.Take(184), index => Assert.InRange(index, 16, 199));
        Assert.All(taken.Skip(184), index => Assert.InRange(index, 0, 15));
    }

    [Theory]
    [InlineData(150)]
    [InlineData(199)]
    [InlineData(16)]
    [InlineData(3)]
    [InlineData(0)]
    public void Next_finds_the_single_free_index(int free)
    {
        var bitmap = new AllocationBitmap(200, 16);
        foreach (var index in Enumerable.Range(0, 200).Where(i => i != free))
        {
            Assert.True(bitmap.TryAllocate(index));
        }
        Assert.Equal(free, bitmap.AllocateNext());
        Assert.Equal(-1, bitmap.AllocateNext());
    }

    [Fact]
    public void Taking_a_taken_index_fails_and_release_makes_it_free_again()
    {
        var bitmap = new AllocationBitmap(10, 0);
        Assert.True(bitmap.TryAllocate(7));
        Assert.False(bitmap.TryAllocate(7));
        Assert.True(bitmap.Has(7));
        bitmap.Release(7);
        Assert.False(bitmap.Has(7));
        Assert.Equal(0, bitmap.Count);
        Assert.True(bitmap.TryAllocate(7));
    }

    [Fact]
    public void Releasing_a_free_or_out_of_range_index_changes_nothing()
    {
        var bitmap = new AllocationBitmap(10, 0);
        bitmap.TryAllocate(1);
        bitmap.Release(2);
        bitmap.Release(-1);
        bitmap.Release(10);
        Assert.Equal(1, bitmap.Count);
        Assert.False(bitmap.Has(-1));
        Assert.False(bitmap.Has(10));
    }

    [Fact]
    public void Allocated_lists_taken_indexes_in_ascending_order_and_clear_forgets_them()
    {
        var bitmap = new AllocationBitmap(300, 0);
        foreach (var index in new[] { 299, 0, 64, 63, 128 })
        {
            bitmap.TryAllocate(index);
        }
        Assert.Equal([0, 63, 64, 128, 299], bitmap.Allocated());
        bitmap.Clear();
        Assert.Empty(bitmap.Allocated());
        Assert.Equal(0, bitmap.Count);
    }

    [Fact]
    public void Static_band_larger_than_the_range_is_the_whole_range()
    {
        var bitmap = new AllocationBitmap(5, 16);
        Assert.Equal(5, bitmap.StaticBand);
        Assert.Equal([0, 1, 2, 3, 4], Drain(bitmap).Order());
    }
}
