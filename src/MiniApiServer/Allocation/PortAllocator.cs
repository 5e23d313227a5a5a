using MiniApiServer.Allocation;

namespace MiniApiServer.Allocation;

/// <summary>
/// NodePort allocation over <c>--service-node-port-range</c> (pkg/registry/core/service/portallocator/allocator.go):
/// requested ports anywhere in the range, dynamic ones from above the static band first. Thread-safe.
/// </summary>
internal sealed class PortAllocator
{
    private readonly AllocationBitmap bitmap;

    public PortAllocator(PortRange range)
    {
        Range = range;
        bitmap = new AllocationBitmap(range.Size, RangeOffset(range.Size));
    }

    public PortRange Range { get; }

    public int Size => bitmap.Size;

    /// <summary>How many of the lowest ports are kept for requests before dynamic allocation takes them.</summary>
    public int StaticBand => bitmap.StaticBand;

    public int Used => bitmap.Count;

    public int Free => bitmap.Size - bitmap.Count;

    public bool Contains(int port) => port >= Range.Base && port <= Range.Last;

    /// <summary>Reserves the requested port; with <paramref name="dryRun"/> only the range is checked.</summary>
    public AllocationResult Allocate(int port, bool dryRun = false)
    {
        if (!Contains(port))
        {
            return AllocationResult.Failed(
                AllocationErrorKind.NotInRange,
                $"provided port is not in the valid range. The range of valid ports is {Range}");
        }
        if (dryRun || bitmap.TryAllocate(port - Range.Base))
        {
            return AllocationResult.Success;
        }
        return AllocationResult.Failed(AllocationErrorKind.AlreadyAllocated, "provided port is already allocated");
    }

    /// <summary>Reserves a free port, from above the static band first.</summary>
    /// <exception cref="AllocationException">Kind RangeFull, "range is full".</exception>
    public int AllocateNext()
    {
        var index = bitmap.AllocateNext();
        return index < 0 ? throw AllocationException.RangeFull() : Range.Base + index;
    }

    /// <summary>Returns the port to the pool; an unallocated or out-of-range port is a no-op, as upstream.</summary>
    public void Release(int port) => bitmap.Release(port - Range.Base);

    public bool Has(int port) => bitmap.Has(port - Range.Base);

    /// <summary>The taken ports in ascending order.</summary>
    public IReadOnlyList<int> Allocated() => Array.ConvertAll(bitmap.Allocated(), index => Range.Base + index);

    /// <summary>Forgets every allocation, before a rebuild from the stored Services.</summary>
    internal void Clear() => bitmap.Clear();

    /// <summary>
    /// min(max(16, size/32), 128), 0 when the range has at most 16 ports (portallocator/allocator.go
    /// calculateRangeOffset): 86 for the default 30000-32767.
    /// </summary>
    private static int RangeOffset(int size) => size <= 16 ? 0 : Math.Clamp(size / 32, 16, 128);
}
