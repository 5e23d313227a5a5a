using k8s.Models;

namespace MiniApiServer.Controllers.Endpoints;

/// <summary>
/// The canonical form of Endpoints subsets the endpoints controller writes (pkg/api/v1/endpoints/util.go RepackSubsets
/// and SortSubsets), its capacity rule (endpoints_controller.go truncateEndpoints), and the comparison that keeps an
/// unchanged world from writing (endpointSubsetsEqualIgnoreResourceVersion).
/// </summary>
internal static class EndpointSubsets
{
    /// <summary>maxCapacity: addresses an Endpoints object holds before it is truncated.</summary>
    public const int MaxCapacity = 1000;

    private static readonly StringComparer Ordinal = StringComparer.Ordinal;

    /// <summary>
    /// Explodes subsets into (address, port, ready) and regroups them: the ports offered on exactly the same set of
    /// (address, ready) form one subset. An address is an (IP, targetRef UID) pair; not-ready wins over ready for the
    /// same address and port; a subset without ports keeps its addresses under a "no port" sentinel.
    /// </summary>
    public static List<V1EndpointSubset> Repack(IEnumerable<V1EndpointSubset> subsets)
    {
        var addresses = new Dictionary<(string Ip, string Uid), V1EndpointAddress>();
        var byPort = new Dictionary<PortKey, Dictionary<(string Ip, string Uid), bool>>();
        foreach (var subset in subsets)
        {
            var ports = subset.Ports is { Count: > 0 } p ? p.Select(PortKey.Of).ToList() : [PortKey.None];
            foreach (var port in ports)
            {
                foreach (var address in subset.Addresses ?? [])
                {
                    Map(address, port, true);
                }
                foreach (var address in subset.NotReadyAddresses ?? [])
                {
                    Map(address, port, false);
                }
            }
        }

        // Ports grouped by the exact set of (address, ready) they are offered on.
        var groups = new Dictionary<string, (Dictionary<(string Ip, string Uid), bool> Addresses, List<PortKey> Ports)>(Ordinal);
        foreach (var (port, set) in byPort)
        {
            var key = string.Join("\n", set.OrderBy(a => a.Key.Ip, Ordinal).ThenBy(a => a.Key.Uid, Ordinal)
                .Select(a => $"{a.Key.Ip}|{a.Key.Uid}|{(a.Value ? 1 : 0)}"));
            if (!groups.TryGetValue(key, out var group))
            {
                groups[key] = group = (set, []);
            }
            if (!port.IsNone)
            {
                group.Ports.Add(port);
            }
        }

        var packed = new List<V1EndpointSubset>(groups.Count);
        foreach (var (set, ports) in groups.Values)
        {
            var ready = set.Where(a => a.Value).Select(a => addresses[a.Key]).ToList();
            var notReady = set.Where(a => !a.Value).Select(a => addresses[a.Key]).ToList();
            packed.Add(new V1EndpointSubset
            {
                Addresses = ready.Count > 0 ? SortAddresses(ready) : null,
                NotReadyAddresses = notReady.Count > 0 ? SortAddresses(notReady) : null,
                Ports = ports.Count > 0 ? [.. ports.Order().Select(pk => pk.Port)] : null,
            });
        }
        // Upstream orders subsets by a hash of their content; any total order on content does what it is for: equal
        // worlds produce equal objects.
        packed.Sort((a, b) => Ordinal.Compare(SortKey(a), SortKey(b)));
        return packed;

        void Map(V1EndpointAddress address, PortKey port, bool isReady)
        {
            var key = (address.Ip ?? "", address.TargetRef?.Uid ?? "");
            addresses.TryAdd(key, address);
            if (!byPort.TryGetValue(port, out var set))
            {
                byPort[port] = set = [];
            }
            // Not ready always trumps ready.
            if (!set.TryGetValue(key, out var wasReady) || wasReady)
            {
                set[key] = isReady;
            }
        }
    }

    /// <summary>
    /// truncateEndpoints: past <see cref="MaxCapacity"/> addresses keep ready ones first, each subset its proportional
    /// share rounded up, the last one what is left. True when it truncated.
    /// </summary>
    public static bool Truncate(IList<V1EndpointSubset> subsets)
    {
        var totalReady = subsets.Sum(s => s.Addresses?.Count ?? 0);
        var totalNotReady = subsets.Sum(s => s.NotReadyAddresses?.Count ?? 0);
        if (totalReady + totalNotReady <= MaxCapacity)
        {
            return false;
        }
        var truncateReady = totalReady > MaxCapacity;
        var max = truncateReady ? MaxCapacity : MaxCapacity - totalReady;
        var numTotal = truncateReady ? totalReady : totalNotReady;
        var canBeAdded = max;
        foreach (var subset in subsets)
        {
            var inSubset = truncateReady ? subset.Addresses?.Count ?? 0 : subset.NotReadyAddresses?.Count ?? 0;
            var toBeAdded = Math.Min((int)Math.Ceiling((double)inSubset / numTotal * max), canBeAdded);
            if (truncateReady)
            {
                subset.NotReadyAddresses = null;
                subset.Addresses = subset.Addresses is null ? null : [.. subset.Addresses.Take(toBeAdded)];
            }
            else
            {
                subset.NotReadyAddresses = subset.NotReadyAddresses is null ? null : [.. subset.NotReadyAddresses.Take(toBeAdded)];
            }
            canBeAdded -= toBeAdded;
        }
        return true;
    }

    /// <summary>Addresses in all subsets, ready or not.</summary>
    public static int Count(IEnumerable<V1EndpointSubset>? subsets) =>
        subsets?.Sum(s => (s.Addresses?.Count ?? 0) + (s.NotReadyAddresses?.Count ?? 0)) ?? 0;

    /// <summary>Semantic equality of two subset lists, ignoring the targetRef resourceVersion (nil and empty lists equal).</summary>
    public static bool EqualIgnoringResourceVersion(IList<V1EndpointSubset>? a, IList<V1EndpointSubset>? b)
    {
        if ((a?.Count ?? 0) != (b?.Count ?? 0))
        {
            return false;
        }
        for (var i = 0; i < (a?.Count ?? 0); i++)
        {
            if (!SameAddresses(a![i].Addresses, b![i].Addresses) || !SameAddresses(a[i].NotReadyAddresses, b[i].NotReadyAddresses)
                || !SamePorts(a[i].Ports, b[i].Ports))
            {
                return false;
            }
        }
        return true;
    }

    private static bool SameAddresses(IList<V1EndpointAddress>? a, IList<V1EndpointAddress>? b)
    {
        if ((a?.Count ?? 0) != (b?.Count ?? 0))
        {
            return false;
        }
        for (var i = 0; i < (a?.Count ?? 0); i++)
        {
            var x = a![i];
            var y = b![i];
            if (x.Ip != y.Ip || x.Hostname != y.Hostname || x.NodeName != y.NodeName || !SameRef(x.TargetRef, y.TargetRef))
            {
                return false;
            }
        }
        return true;
    }

    private static bool SameRef(V1ObjectReference? a, V1ObjectReference? b) =>
        a is null || b is null
            ? a is null && b is null
            : a.Kind == b.Kind && a.NamespaceProperty == b.NamespaceProperty && a.Name == b.Name && a.Uid == b.Uid
              && a.ApiVersion == b.ApiVersion && a.FieldPath == b.FieldPath;

    private static bool SamePorts(IList<Corev1EndpointPort>? a, IList<Corev1EndpointPort>? b) =>
        (a?.Count ?? 0) == (b?.Count ?? 0)
        && (a is null || a.Zip(b!).All(p => PortKey.Of(p.First).Equals(PortKey.Of(p.Second))));

    private static List<V1EndpointAddress> SortAddresses(List<V1EndpointAddress> addresses)
    {
        addresses.Sort((x, y) =>
        {
            var byIp = Ordinal.Compare(x.Ip, y.Ip);
            return byIp != 0 ? byIp : Ordinal.Compare(x.TargetRef?.Uid ?? "", y.TargetRef?.Uid ?? "");
        });
        return addresses;
    }

    private static string SortKey(V1EndpointSubset s) =>
        string.Join(",", (s.Ports ?? []).Select(p => PortKey.Of(p).ToString())) + "|"
        + string.Join(",", (s.Addresses ?? []).Select(a => a.Ip)) + "|" + string.Join(",", (s.NotReadyAddresses ?? []).Select(a => a.Ip));

    /// <summary>An EndpointPort by value (the map key upstream), with the "no port" sentinel.</summary>
    private readonly record struct PortKey(string Name, int Number, string Protocol, string? AppProtocol) : IComparable<PortKey>
    {
        public static readonly PortKey None = new("", -1, "", null);

        public bool IsNone => Number < 0;

        public Corev1EndpointPort Port => new() { Name = Name.Length == 0 ? null : Name, Port = Number, Protocol = Protocol, AppProtocol = AppProtocol };

        public static PortKey Of(Corev1EndpointPort p) => new(p.Name ?? "", p.Port, p.Protocol ?? "TCP", p.AppProtocol);

        public int CompareTo(PortKey other)
        {
            var c = Ordinal.Compare(Name, other.Name);
            c = c != 0 ? c : Number.CompareTo(other.Number);
            c = c != 0 ? c : Ordinal.Compare(Protocol, other.Protocol);
            return c != 0 ? c : Ordinal.Compare(AppProtocol ?? "", other.AppProtocol ?? "");
        }

        public override string ToString() => $"{Name}:{Number}/{Protocol}/{AppProtocol}";
    }
}
