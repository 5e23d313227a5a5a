using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace MiniApiServer.Allocation;

/// <summary>
/// The allocatable addresses of one service CIDR and their indexes, as kube-apiserver lays them out
/// (pkg/registry/core/service/ipallocator/bitmap.go, New): index 0 is the network address + 1; the network address is
/// never usable, nor is the IPv4 broadcast address; an IPv6 range is capped at 65536 addresses (so 65535 usable) because
/// the allocator keeps a bitmap of that size; IPv6 has no broadcast exclusion.
/// </summary>
internal sealed class IpRange
{
    public const string IPv4 = "IPv4";
    public const string IPv6 = "IPv6";

    /// <summary>Upstream's cap on an IPv6 range, taken before the network address is removed.</summary>
    private const long MaxIPv6RangeSize = 65536;

    private readonly UInt128 networkValue;
    private readonly UInt128 hostMask;
    private readonly bool isIPv4;

    /// <param name="network">Already masked to its network address (ServerOptions does so).</param>
    public IpRange(IPNetwork network)
    {
        Network = network;
        isIPv4 = network.BaseAddress.AddressFamily == AddressFamily.InterNetwork;
        var bits = isIPv4 ? 32 : 128;
        var hostBits = bits - network.PrefixLength;
        hostMask = hostBits >= 128 ? UInt128.MaxValue : (UInt128.One << hostBits) - 1;
        networkValue = ToValue(network.BaseAddress);

        var rangeSize = RangeSize(bits, hostBits);
        var usable = isIPv4 ? rangeSize - 1 : Math.Min(rangeSize, MaxIPv6RangeSize);
        Size = (int)Math.Max(0, usable - 1);
        StaticBand = RangeOffset(rangeSize);
    }

    public IPNetwork Network { get; }

    /// <summary>The Kubernetes IP family name: "IPv4" or "IPv6".</summary>
    public string Family => isIPv4 ? IPv4 : IPv6;

    public AddressFamily AddressFamily => isIPv4 ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6;

    /// <summary>How many addresses can be allocated (upstream's r.max).</summary>
    public int Size { get; }

    /// <summary>The length of the lower band kept for requested addresses (upstream calculateRangeOffset).</summary>
    public int StaticBand { get; }

    /// <summary>The index of an allocatable address, or -1 for anything else (other family, outside, network, broadcast, beyond the cap).</summary>
    public int IndexOf(IPAddress ip)
    {
        ip = Normalize(ip);
        if (ip.AddressFamily != AddressFamily)
        {
            return -1;
        }
        var value = ToValue(ip);
        if (value <= networkValue || ((value - networkValue) & ~hostMask) != 0)
        {
            return -1;
        }
        var index = value - networkValue - 1;
        return index < (UInt128)Size ? (int)index : -1;
    }

    public IPAddress AddressAt(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Size);
        var value = networkValue + 1 + (UInt128)index;
        if (isIPv4)
        {
            Span<byte> v4 = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(v4, (uint)value);
            return new IPAddress(v4);
        }
        Span<byte> v6 = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(v6, value);
        return new IPAddress(v6);
    }

    /// <summary>
    /// Go's view of an address: an IPv4-mapped IPv6 address ("::ffff:10.0.0.1", which is how Go's net.ParseIP holds
    /// every IPv4 address) is IPv4, so it belongs to IPv4 ranges only and prints dotted.
    /// </summary>
    public static IPAddress Normalize(IPAddress ip) => ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip;

    public override string ToString() => Network.ToString();

    private static UInt128 ToValue(IPAddress ip)
    {
        Span<byte> bytes = stackalloc byte[16];
        ip.TryWriteBytes(bytes, out var written);
        return written == 4
            ? BinaryPrimitives.ReadUInt32BigEndian(bytes)
            : BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    /// <summary>
    /// k8s.io/utils/net RangeSize: saturated at int64's maximum, and 0 for the /0 and /1 ranges it refuses to size
    /// (start-up validation rejects those long before).
    /// </summary>
    private static long RangeSize(int bits, int hostBits)
    {
        if (hostBits >= bits - 1)
        {
            return 0;
        }
        return hostBits >= 63 ? long.MaxValue : 1L << hostBits;
    }

    /// <summary>
    /// KEP-3070 min(max(16, size/16), 256) over the full CIDR size; 0 when the CIDR has at most 16 addresses
    /// (ipallocator/bitmap.go calculateRangeOffset).
    /// </summary>
    private static int RangeOffset(long rangeSize) =>
        rangeSize <= 16 ? 0 : (int)Math.Clamp(rangeSize / 16, 16, 256);
}
