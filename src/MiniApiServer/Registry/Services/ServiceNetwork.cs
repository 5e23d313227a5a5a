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

    /// <summary>Reads the flag's value (<c>10.96.0.0/12</c> or <c>10.96.0.0/12,fd00::/108</c>), with kube-apiserver's messages.</summary>
    public static ServiceNetwork FromServiceClusterIpRange(string value)
    {
        var ranges = value.Split(',', StringSplitOptions.TrimEntries);
        if (ranges.Length > 2)
        {
            throw new FormatException("--service-cluster-ip-range must not contain more than two entries");
        }
        var families = ranges
            .Select(r => ServiceCidr.FamilyOf(r) ?? throw new FormatException($"--service-cluster-ip-range: invalid CIDR address: {r}"))
            .ToArray();
        if (families.Length == 2 && families[0] == families[1])
        {
            throw new FormatException("--service-cluster-ip-range[0] and --service-cluster-ip-range[1] must be of different IP family");
        }
        return new ServiceNetwork(families[0], families.Length == 2 ? families[1] : null);
    }
}
