using System.Net;
using System.Net.Sockets;

namespace MiniApiServer.Controllers.PodSimulator;

/// <summary>
/// The pod IPs of the simulated node, from <c>--pod-network-cidr</c>, as a CNI's host-local IPAM hands them out: each
/// address once, the network address, the gateway (<c>.1</c>) and the broadcast address never, the next free one after
/// the last given (so a released address is not reused at once). Rebuilt from the pods at start.
/// </summary>
internal sealed class PodIpPool
{
    private readonly uint _first;
    private readonly uint _size;
    private readonly HashSet<uint> _used = [];
    private readonly Dictionary<string, uint> _byPod = new(StringComparer.Ordinal);
    private uint _next;

    public PodIpPool(IPNetwork cidr)
    {
        if (cidr.BaseAddress.AddressFamily != AddressFamily.InterNetwork || cidr.PrefixLength > 29)
        {
            throw new ArgumentException("the pod network must be an IPv4 CIDR of at least 8 addresses", nameof(cidr));
        }
        Cidr = cidr;
        var total = 1u << (32 - cidr.PrefixLength);
        _first = ToNumber(cidr.BaseAddress) + 2;
        _size = total - 3;
    }

    public IPNetwork Cidr { get; }

    /// <summary>The pod's address: the one it holds, else the next free one; null when the range is full.</summary>
    public string? Allocate(string podUid)
    {
        lock (_used)
        {
            if (_byPod.TryGetValue(podUid, out var held))
            {
                return ToText(held);
            }
            for (uint i = 0; i < _size; i++)
            {
                var candidate = _first + ((_next + i) % _size);
                if (_used.Add(candidate))
                {
                    _byPod[podUid] = candidate;
                    _next = (_next + i + 1) % _size;
                    return ToText(candidate);
                }
            }
            return null;
        }
    }

    /// <summary>Marks an address a pod already has as taken (start-up); false when it is not ours to track.</summary>
    public bool Restore(string podUid, string ip)
    {
        if (!IPAddress.TryParse(ip, out var address) || !Cidr.Contains(address))
        {
            return false;
        }
        var n = ToNumber(address);
        lock (_used)
        {
            if (n < _first || n >= _first + _size || !_used.Add(n))
            {
                return false;
            }
            _byPod[podUid] = n;
            return true;
        }
    }

    public void Release(string podUid)
    {
        lock (_used)
        {
            if (_byPod.Remove(podUid, out var n))
            {
                _used.Remove(n);
            }
        }
    }

    public int InUse
    {
        get
        {
            lock (_used)
            {
                return _used.Count;
            }
        }
    }

    private static uint ToNumber(IPAddress address)
    {
        var b = address.GetAddressBytes();
        return ((uint)b[0] << 24) | ((uint)b[1] << 16) | ((uint)b[2] << 8) | b[3];
    }

    private static string ToText(uint n) => $"{n >> 24}.{(n >> 16) & 0xFF}.{(n >> 8) & 0xFF}.{n & 0xFF}";
}
