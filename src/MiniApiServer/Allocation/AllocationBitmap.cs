using System.Numerics;

namespace MiniApiServer.Allocation;

/// <summary>
/// A thread-safe set of indexes [0, Size), split in two bands as kube-apiserver splits its ranges (KEP-3070,
/// pkg/registry/core/service/allocator/bitmap.go, randomScanStrategyWithOffset): the static band [0, StaticBand) is left
/// for requested values, and <see cref="AllocateNext"/> draws from the dynamic band [StaticBand, Size) first. Within a
/// band it picks a uniformly random start and takes the first free index forward, wrapping inside the band.
/// </summary>
/// <remarks>
/// Upstream tests one bit at a time over a big.Int; here a scan skips 64 taken indexes per step
/// (a word whose complement is zero), so finding a free index stays fast when the range is nearly full.
/// </remarks>
internal sealed class AllocationBitmap
{
    private const int WordBits = 64;

    private readonly ulong[] words;
    private readonly Lock gate = new();
    private readonly Random random = new();
    private int count;

    public AllocationBitmap(int size, int staticBand)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ArgumentOutOfRangeException.ThrowIfNegative(staticBand);
        Size = size;
        StaticBand = Math.Min(staticBand, size);
        words = new ulong[(size + WordBits - 1) / WordBits];
    }

    public int Size { get; }

    public int StaticBand { get; }

    public int Count
    {
        get
        {
            lock (gate)
            {
                return count;
            }
        }
    }

    /// <summary>Marks <paramref name="index"/> taken; false when it already was. The caller has range-checked it.</summary>
    public bool TryAllocate(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Size);
        var bit = 1UL << (index % WordBits);
        lock (gate)
        {
            ref var word = ref words[index / WordBits];
            if ((word & bit) != 0)
            {
                return false;
            }
            word |= bit;
            count++;
            return true;
        }
    }

    /// <summary>Takes a free index, dynamic band first, then the static band; -1 when every index is taken.</summary>
    public int AllocateNext()
    {
        lock (gate)
        {
            if (count >= Size)
            {
                return -1;
            }
            var index = ScanBand(StaticBand, Size);
            if (index < 0)
            {
                index = ScanBand(0, StaticBand);
            }
            words[index / WordBits] |= 1UL << (index % WordBits);
            count++;
            return index;
        }
    }

    /// <summary>Frees <paramref name="index"/>; freeing a free or out-of-range index is a no-op, as upstream.</summary>
    public void Release(int index)
    {
        if (index < 0 || index >= Size)
        {
            return;
        }
        var bit = 1UL << (index % WordBits);
        lock (gate)
        {
            ref var word = ref words[index / WordBits];
            if ((word & bit) != 0)
            {
                word &= ~bit;
                count--;
            }
        }
    }

    public bool Has(int index)
    {
        if (index < 0 || index >= Size)
        {
            return false;
        }
        lock (gate)
        {
            return (words[index / WordBits] & (1UL << (index % WordBits))) != 0;
        }
    }

    /// <summary>The taken indexes in ascending order, as one consistent snapshot.</summary>
    public int[] Allocated()
    {
        lock (gate)
        {
            var result = new int[count];
            var n = 0;
            for (var w = 0; w < words.Length; w++)
            {
                for (var word = words[w]; word != 0; word &= word - 1)
                {
                    result[n++] = (w * WordBits) + BitOperations.TrailingZeroCount(word);
                }
            }
            return result;
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            Array.Clear(words);
            count = 0;
        }
    }

    /// <summary>A free index in [low, high) found from a random start, wrapping once; -1 when the band is full.</summary>
    private int ScanBand(int low, int high)
    {
        if (low >= high)
        {
            return -1;
        }
        var start = low + random.Next(high - low);
        var index = FirstFree(start, high);
        return index >= 0 ? index : FirstFree(low, start);
    }

    /// <summary>The lowest free index in [from, to), or -1.</summary>
    private int FirstFree(int from, int to)
    {
        if (from >= to)
        {
            return -1;
        }
        var w = from / WordBits;
        var last = (to - 1) / WordBits;
        var free = ~words[w] & (ulong.MaxValue << (from % WordBits));
        while (w < last)
        {
            if (free != 0)
            {
                return (w * WordBits) + BitOperations.TrailingZeroCount(free);
            }
            free = ~words[++w];
        }
        var tailBits = to - (last * WordBits);
        if (tailBits < WordBits)
        {
            free &= (1UL << tailBits) - 1;
        }
        return free == 0 ? -1 : (w * WordBits) + BitOperations.TrailingZeroCount(free);
    }
}
