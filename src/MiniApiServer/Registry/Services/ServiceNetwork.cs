namespace MiniApiServer.Registry.Services;

/// <summary>
/// The IP families this cluster gives Services, from <c>--service-cluster-ip-range</c>: one range is
/// single-stack, two ranges (of different families) are dual-stack with the first as primary
/// (pkg/registry/core/service/storage/alloc.go keys its allocators by family the same way).
/// </summary>
internal sealed record ServiceNetwork
{
    public static readonly ServiceNetwork SingleStackIPv4 = new(ServiceSpecFacts.IPv4);

    public ServiceNetwork(string primaryFamily, string? secondaryFamily = null)
    {
        if (!ServiceSpecFacts.Families.Contains(primaryFamily))
        {
            throw new ArgumentException($"unknown IP family {primaryFamily}", nameof(primaryFamily));
        }
        if (secondaryFamily is not null && secondaryFamily != ServiceSpecFacts.OtherFamily(primaryFamily))
        {
            throw new ArgumentException("a dual-stack cluster needs one IPv4 and one IPv6 range", nameof(secondaryFamily));
        }
        PrimaryFamily = primaryFamily;
        SecondaryFamily = secondaryFamily;
    }

    public string PrimaryFamily { get; }

    /// <summary>The other family when the cluster is dual-stack, else null.</summary>
    public string? SecondaryFamily { get; }

    public bool IsDualStack => SecondaryFamily is not null;

    public bool Serves(string family) => family == PrimaryFamily || family == SecondaryFamily;

    /// <summary>The families of the configured ranges (validated by the server options): the first is primary.</summary>
    public static ServiceNetwork From(IReadOnlyList<System.Net.IPNetwork> ranges)
    {
        static string Family(System.Net.IPNetwork range) =>
            range.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? ServiceSpecFacts.IPv4 : ServiceSpecFacts.IPv6;
        return new ServiceNetwork(Family(ranges[0]), ranges.Count == 2 ? Family(ranges[1]) : null);
    }
}
