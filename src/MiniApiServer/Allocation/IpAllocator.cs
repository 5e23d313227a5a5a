using System.Net;

namespace MiniApiServer.Allocation;

/// <summary>
/// ClusterIP allocation over one service CIDR (pkg/registry/core/service/ipallocator/bitmap.go, Range): requested
/// addresses anywhere in the usable range, dynamic ones from the upper band first. Thread-safe.
/// </summary>
internal sealed class IpAllocator
{
    private readonly IpRange addresses;
    private readonly AllocationBitmap bitmap;

    public IpAllocator(IPNetwork range)
    {
        addresses = new IpRange(range);
        bitmap = new AllocationBitmap(addresses.Size, addresses.StaticBand);
    }

    public IPNetwork Range => addresses.Network;

    /// <summary>The Kubernetes IP family name: "IPv4" or "IPv6".</summary>
    public string Family => addresses.Family;

    /// <summary>How many addresses the range can hand out.</summary>
    public int Size => bitmap.Size;

    /// <summary>How many of the lowest usable addresses are kept for requests before dynamic allocation takes them.</summary>
    public int StaticBand => bitmap.StaticBand;

    public int Used => bitmap.Count;

    public int Free => bitmap.Size - bitmap.Count;

    /// <summary>Whether <paramref name="ip"/> is an allocatable address of this range (never the network or broadcast address).</summary>
    public bool Contains(IPAddress ip) => addresses.IndexOf(ip) >= 0;

    /// <summary>
    /// Reserves the requested address. With <paramref name="dryRun"/> only the range is checked, as upstream's dry-run
    /// range does ("racy and not worth the effort" to check more).
    /// </summary>
    public AllocationResult Allocate(IPAddress ip, bool dryRun = false)
    {
        var index = addresses.IndexOf(ip);
        if (index < 0)
        {
            return AllocationResult.Failed(
                AllocationErrorKind.NotInRange,
                $"the provided IP ({IpRange.Normalize(ip)}) is not in the valid range. The range of valid IPs is {addresses}");
        }
        if (dryRun || bitmap.TryAllocate(index))
        {
            return AllocationResult.Success;
        }
        return AllocationResult.Failed(AllocationErrorKind.AlreadyAllocated, "provided IP is already allocated");
    }

    /// <summary>Reserves a free address, from the dynamic band first.</summary>
    /// <exception cref="AllocationException">Kind RangeFull, "range is full".</exception>
    public IPAddress AllocateNext()
    {
        var index = bitmap.AllocateNext();
        return index < 0 ? throw AllocationException.RangeFull() : addresses.AddressAt(index);
    }

    /// <summary>Returns the address to the pool; an unallocated or out-of-range address is a no-op, as upstream.</summary>
    public void Release(IPAddress ip) => bitmap.Release(addresses.IndexOf(ip));

    /// <summary>Whether the address is taken (so <see cref="Allocate"/> would fail with AlreadyAllocated).</summary>
    public bool Has(IPAddress ip) => bitmap.Has(addresses.IndexOf(ip));

    /// <summary>The taken addresses in ascending order.</summary>
    public IReadOnlyList<IPAddress> Allocated() => Array.ConvertAll(bitmap.Allocated(), addresses.AddressAt);

    /// <summary>Forgets every allocation, before a rebuild from the stored Services.</summary>
    internal void Clear() => bitmap.Clear();

    public override string ToString() => addresses.ToString();
}
