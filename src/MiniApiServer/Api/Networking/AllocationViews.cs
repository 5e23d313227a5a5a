using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using k8s.Models;
using MiniApiServer.Allocation;
using MiniApiServer.Machinery;
using MiniApiServer.Registry;
using MiniApiServer.Storage;

namespace MiniApiServer.Api.Networking;

/// <summary>
/// The allocations shown as kube-apiserver 1.33 shows them: the default <c>ServiceCIDR</c> named "kubernetes" holding
/// the configured ranges, and one <c>IPAddress</c> per cluster IP a stored Service holds. Nothing is kept: every view
/// is computed from the configuration and one store snapshot, so what is shown cannot drift from the Services.
/// </summary>
internal sealed class AllocationViews
{
    public const string DefaultServiceCidrName = "kubernetes";

    /// <summary>networkingv1.LabelIPAddressFamily, LabelManagedBy and the allocator's name (ipallocator.ControllerName).</summary>
    public const string FamilyLabel = "ipaddress.kubernetes.io/ip-family";
    public const string ManagedByLabel = "ipaddress.kubernetes.io/managed-by";
    public const string ManagedBy = "ipallocator.k8s.io";

    private readonly ServiceAllocators _allocators;
    private readonly DateTime _started;
    private readonly string _serviceCidrUid = Guid.NewGuid().ToString();

    public AllocationViews(ServiceAllocators allocators, TimeProvider time)
    {
        _allocators = allocators;
        _started = ObjectCodec.WholeSeconds(time.GetUtcNow());
    }

    /// <summary>
    /// The default ServiceCIDR (pkg/controlplane/controller/defaultservicecidr): the ranges in flag order, Ready=True
    /// with that controller's message and no reason. Its uid and creationTimestamp are fixed when the server starts.
    /// </summary>
    public V1ServiceCIDR ServiceCidr(long revision) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = DefaultServiceCidrName,
            Uid = _serviceCidrUid,
            ResourceVersion = revision.ToString(CultureInfo.InvariantCulture),
            CreationTimestamp = _started,
        },
        Spec = new V1ServiceCIDRSpec { Cidrs = [.. _allocators.ClusterIps.Select(a => GoIpText.Format(a.Range))] },
        Status = new V1ServiceCIDRStatus
        {
            Conditions =
            [
                new V1Condition
                {
                    Type = "Ready",
                    Status = "True",
                    Reason = "",
                    Message = "Kubernetes default Service CIDR is ready",
                    LastTransitionTime = _started,
                },
            ],
        },
    };

    /// <summary>
    /// The IPAddresses of <paramref name="snapshot"/>, ordered by name as etcd keys are. An IP counts when it parses and
    /// lies in a configured range (as the allocators' rebuild takes it); when two Services claim one IP, the first in
    /// key order holds it, as at rebuild.
    /// </summary>
    public List<V1IPAddress> IpAddresses(StoreSnapshot snapshot)
    {
        var byName = new Dictionary<string, V1IPAddress>(StringComparer.Ordinal);
        foreach (var stored in snapshot.List("services"))
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
        if (_allocators.ForFamily(family) is not { } allocator || !allocator.Contains(ip))
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
