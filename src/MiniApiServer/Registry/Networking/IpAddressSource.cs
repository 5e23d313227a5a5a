using System.Net;
using System.Security.Cryptography;
using System.Text;
using k8s.Models;
using MiniApiServer.Allocation;
using MiniApiServer.Machinery;
using MiniApiServer.Storage;

namespace MiniApiServer.Registry.Networking;

/// <summary>
/// <c>networking.k8s.io/v1</c> IPAddresses as kube-apiserver 1.33 shows them, read-only: one per cluster IP a stored
/// Service holds. Nothing is kept: they are computed from one store snapshot each time they are read, so what is shown
/// cannot drift from the Services.
/// </summary>
internal sealed class IpAddressSource(ServiceAllocators allocators) : ObjectSource<V1IPAddress>
{
    /// <summary>networkingv1.LabelIPAddressFamily, LabelManagedBy and the allocator's name (ipallocator.ControllerName).</summary>
    public const string FamilyLabel = "ipaddress.kubernetes.io/ip-family";
    public const string ManagedByLabel = "ipaddress.kubernetes.io/managed-by";
    public const string ManagedBy = "ipallocator.k8s.io";

    private static readonly GroupResource Services = GroupResource.Core("services");

    private static readonly ResourceDescriptor IpAddressDescriptor = NetworkingGroup.ReadOnly("ipaddresses", "ipaddress", "IPAddress",
        typeof(V1IPAddress), typeof(V1IPAddressList));

    public override ResourceDescriptor Descriptor => IpAddressDescriptor;

    /// <summary>
    /// The IPAddresses of <paramref name="snapshot"/>, ordered by name as etcd keys are. An IP counts when it parses and
    /// lies in a configured range (as the allocators' rebuild takes it); when two Services claim one IP, the first in
    /// key order holds it, as at rebuild.
    /// </summary>
    public override IReadOnlyList<V1IPAddress> Read(StoreSnapshot snapshot)
    {
        var byName = new Dictionary<string, V1IPAddress>(StringComparer.Ordinal);
        foreach (var stored in snapshot.List(Services))
        {
            var svc = (V1Service)ObjectCodec.Decode(stored.Json, typeof(V1Service));
            foreach (var ip in ClusterIpsOf(svc.Spec))
            {
                if (ToAddress(ip, svc) is { } address && !byName.ContainsKey(address.Metadata.Name))
                {
                    byName.Add(address.Metadata.Name, address);
                }
            }
        }
        return [.. byName.Values.OrderBy(a => a.Metadata.Name, StringComparer.Ordinal)];
    }

    private V1IPAddress? ToAddress(string text, V1Service svc)
    {
        if (GoIp.ParseSloppy(text) is not { } bytes)
        {
            return null;
        }
        var family = GoIp.Is4(bytes) ? IpRange.IPv4 : IpRange.IPv6;
        var ip = IpRange.Normalize(new IPAddress(bytes));
        if (allocators.ForFamily(family) is not { } allocator || !allocator.Contains(ip))
        {
            return null;
        }
        var name = GoIpText.Format(ip);
        var meta = svc.Metadata;
        return new V1IPAddress
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                Uid = DerivedUid(meta.Uid ?? "", name),
                ResourceVersion = meta.ResourceVersion,
                CreationTimestamp = meta.CreationTimestamp,
                Labels = new Dictionary<string, string> { [FamilyLabel] = family, [ManagedByLabel] = ManagedBy },
            },
            Spec = new V1IPAddressSpec
            {
                ParentRef = new V1ParentReference { Group = "", Resource = "services", NamespaceProperty = meta.NamespaceProperty, Name = meta.Name },
            },
        };
    }

    /// <summary>spec.clusterIPs, or spec.clusterIP for a Service stored before clusterIPs existed; never "None" (headless).</summary>
    private static IEnumerable<string> ClusterIpsOf(V1ServiceSpec? spec)
    {
        if (spec is null || string.IsNullOrEmpty(spec.ClusterIP) || spec.ClusterIP == "None")
        {
            return [];
        }
        var ips = spec.ClusterIPs is { Count: > 0 } list ? list : [spec.ClusterIP];
        return ips.Where(ip => !string.IsNullOrEmpty(ip) && ip != "None");
    }

    /// <summary>
    /// A uid that stays the same while the Service holds the IP (across requests and restarts) and changes when a new
    /// Service takes it, as a recreated upstream IPAddress object would: a name-based UUID over the Service's uid and the IP.
    /// </summary>
    private static string DerivedUid(string serviceUid, string ip)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(serviceUid + "/" + ip), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0f) | 0x80); // RFC 9562 version 8: a custom, name-derived UUID
        bytes[8] = (byte)((bytes[8] & 0x3f) | 0x80);
        return new Guid(bytes, bigEndian: true).ToString();
    }
}
