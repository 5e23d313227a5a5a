using System.Net;
using System.Net.Sockets;
using MiniApiServer.Allocation;
using MiniApiServer.Machinery;
using MiniApiServer.Storage;

namespace MiniApiServer.Hosting;

/// <summary>
/// The server's flags, named as kube-apiserver names them where the meaning is the same, validated at start-up
/// (cmd/kube-apiserver/app/options/validation.go) so a bad value stops the process with one line.
/// </summary>
internal sealed record ServerOptions(IReadOnlyList<IPNetwork> ServiceClusterIpRanges, PortRange ServiceNodePortRange, string DataDirectory)
{
    /// <summary>How many recent changes are kept (in memory and on disk) for watches to resume from, also after a restart.</summary>
    public int WatchHistoryEvents { get; init; } = CachingStore.DefaultHistoryMaxEvents;

    /// <summary>The controllers <c>--controllers</c> names (kube-controller-manager's names for the same controllers).</summary>
    public static readonly IReadOnlyList<string> KnownControllers = ["endpoint", "endpointslice", "endpointslicemirroring", "namespace"];

    /// <summary>The controllers that run: all of them unless <c>--controllers</c> says otherwise.</summary>
    public IReadOnlySet<string> Controllers { get; init; } = KnownControllers.ToHashSet(StringComparer.Ordinal);

    /// <summary>The built-in pod simulator (a kubelet and scheduler for one node) runs unless <c>--pod-simulator=false</c>.</summary>
    public bool PodSimulator { get; init; } = true;

    /// <summary><c>--event-ttl</c>: how long Events live after their last write (kube-apiserver's flag and default).</summary>
    public TimeSpan EventTtl { get; init; } = DefaultEventTtl;

    /// <summary><c>--node-name</c>: the simulated node's name.</summary>
    public string NodeName { get; init; } = DefaultNodeName;

    /// <summary><c>--pod-network-cidr</c>: where the simulated node's pod IPs come from.</summary>
    public IPNetwork PodNetworkCidr { get; init; } = IPNetwork.Parse(DefaultPodNetworkCidr);

    public static readonly TimeSpan DefaultEventTtl = TimeSpan.FromHours(1);

    public const string DefaultNodeName = "miniapiserver-node";
    public const string DefaultPodNetworkCidr = "10.244.0.0/16";
    public const string DefaultServiceClusterIpRange = "10.96.0.0/12";
    public const string DefaultServiceNodePortRange = "30000-32767";
    public const string DefaultUrls = "http://localhost:8080";

    public static ServerOptions FromConfiguration(IConfiguration config) => new(
        ParseServiceCidrs(config["service-cluster-ip-range"] ?? DefaultServiceClusterIpRange),
        ParseNodePorts(config["service-node-port-range"] ?? DefaultServiceNodePortRange),
        config["data-dir"] is { Length: > 0 } dir ? dir : "data")
    {
        WatchHistoryEvents = ParseHistory(config["watch-history-events"]),
        Controllers = ParseControllers(config["controllers"] ?? "*"),
        PodSimulator = ParseBool(config["pod-simulator"], "--pod-simulator", true),
        NodeName = ParseNodeName(config["node-name"] ?? DefaultNodeName),
        PodNetworkCidr = ParsePodNetwork(config["pod-network-cidr"] ?? DefaultPodNetworkCidr),
        EventTtl = ParseEventTtl(config["event-ttl"]),
    };

    /// <summary>A Go duration, as pflag reads a duration flag.</summary>
    private static TimeSpan ParseEventTtl(string? value)
    {
        if (value is null)
        {
            return DefaultEventTtl;
        }
        return GoDuration.TryParse(value, out var ttl, out var error)
            ? ttl
            : throw new OptionsException($"invalid argument \"{value}\" for \"--event-ttl\" flag: {error}");
    }

    /// <summary>Go's strconv.ParseBool, as pflag reads a boolean flag.</summary>
    private static bool ParseBool(string? value, string flag, bool fallback) => value switch
    {
        null => fallback,
        "1" or "t" or "T" or "TRUE" or "true" or "True" => true,
        "0" or "f" or "F" or "FALSE" or "false" or "False" => false,
        _ => throw new OptionsException($"invalid argument \"{value}\" for \"{flag}\" flag: strconv.ParseBool: parsing \"{value}\": invalid syntax"),
    };

    /// <summary>A node name is a DNS-1123 subdomain, as the Node's validation wants it.</summary>
    private static string ParseNodeName(string value)
    {
        if (value.Length is 0 or > 253 || !System.Text.RegularExpressions.Regex.IsMatch(value, "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"))
        {
            throw new OptionsException($"invalid argument \"{value}\" for \"--node-name\" flag: must be a lowercase RFC 1123 subdomain");
        }
        return value;
    }

    /// <summary>An IPv4 CIDR with room for the simulated node's pods (a kubelet's --max-pods is 110; a /24 is the usual node range).</summary>
    private static IPNetwork ParsePodNetwork(string value)
    {
        if (!IPNetwork.TryParse(value, out var network) || network.BaseAddress.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new OptionsException($"invalid argument \"{value}\" for \"--pod-network-cidr\" flag: must be an IPv4 CIDR such as 10.244.0.0/16");
        }
        if (network.PrefixLength > 24)
        {
            throw new OptionsException($"--pod-network-cidr {value} is too small: the simulated node needs at least a /24");
        }
        return network;
    }

    /// <summary>
    /// kube-controller-manager's <c>--controllers</c>: <c>*</c> enables every controller, <c>foo</c> enables foo,
    /// <c>-foo</c> disables it; a name wins over <c>*</c>.
    /// </summary>
    public static IReadOnlySet<string> ParseControllers(string value)
    {
        var items = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var item in items)
        {
            var name = item.TrimStart('-');
            if (item != "*" && !KnownControllers.Contains(name))
            {
                throw new OptionsException($"\"{name}\" is not in the list of known controllers");
            }
        }
        var all = items.Contains("*");
        return KnownControllers
            .Where(c => items.Contains(c) || (all && !items.Contains("-" + c)))
            .ToHashSet(StringComparer.Ordinal);
    }

    private static PortRange ParseNodePorts(string value)
    {
        try
        {
            return PortRange.Parse(value, "--service-node-port-range");
        }
        catch (FormatException e)
        {
            throw new OptionsException(e.Message);
        }
    }

    private static int ParseHistory(string? value)
    {
        if (value is null)
        {
            return CachingStore.DefaultHistoryMaxEvents;
        }
        if (!int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) || n < 1)
        {
            throw new OptionsException($"invalid argument \"{value}\" for \"--watch-history-events\" flag: must be a positive number of events");
        }
        return n;
    }

    public static IReadOnlyList<IPNetwork> ParseServiceCidrs(string value)
    {
        var parts = value.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length > 2)
        {
            throw new OptionsException("--service-cluster-ip-range must not contain more than two entries");
        }
        var ranges = parts.Select(ParseCidr).ToList();
        if (ranges.Count == 2 && ranges[0].BaseAddress.AddressFamily == ranges[1].BaseAddress.AddressFamily)
        {
            throw new OptionsException("--service-cluster-ip-range[0] and --service-cluster-ip-range[1] must be of different IP family");
        }
        foreach (var range in ranges)
        {
            var bits = range.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
            var hostBits = bits - range.PrefixLength;
            if (hostBits > 20)
            {
                throw new OptionsException($"specified --service-cluster-ip-range is too large; for {bits}-bit addresses, the mask must be >= {bits - 20}");
            }
            if (hostBits < 3)
            {
                throw new OptionsException("the service cluster IP range must be at least 8 IP addresses");
            }
        }
        return ranges;
    }

    /// <summary>Go's net.ParseCIDR: the address is masked to its network.</summary>
    private static IPNetwork ParseCidr(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !IPAddress.TryParse(text[..slash], out var address) || !int.TryParse(text[(slash + 1)..], out var prefix)
            || prefix < 0 || prefix > (address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128) || text.Contains('%', StringComparison.Ordinal))
        {
            throw new OptionsException($"invalid argument \"{text}\" for \"--service-cluster-ip-range\" flag: invalid CIDR address: {text}");
        }
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(prefix - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }
        return new IPNetwork(new IPAddress(bytes), prefix);
    }
}

/// <summary>A flag value that cannot be used; start-up prints its message and exits non-zero.</summary>
internal sealed class OptionsException(string message) : Exception(message);
