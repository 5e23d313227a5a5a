using System.Text.RegularExpressions;

namespace MiniApiServer.Registry.Pods;

/// <summary>
/// The tag of a container image reference, as kubelet's <c>parsers.ParseImageName</c> reports it
/// (pkg/util/parsers/parsers.go over github.com/distribution/reference): the explicit tag, <c>latest</c> when
/// there is neither tag nor digest, and <c>""</c> when the reference does not parse. Only the image pull
/// policy default depends on it.
/// </summary>
internal static partial class ImageReference
{
    private const string DefaultDomain = "docker.io";
    private const int NameTotalLengthMax = 255;

    public static string Tag(string? image)
    {
        if (string.IsNullOrEmpty(image) || IdentifierPattern().IsMatch(image))
        {
            return "";
        }

        // ParseNormalizedNamed: the repository part (everything before a ':') must be lower case.
        var (domain, remainder) = SplitDockerDomain(image);
        var colon = remainder.IndexOf(':', StringComparison.Ordinal);
        var remote = colon >= 0 ? remainder[..colon] : remainder;
        if (!string.Equals(remote, remote.ToLowerInvariant(), StringComparison.Ordinal))
        {
            return "";
        }

        var match = ReferencePattern().Match(domain + "/" + remainder);
        if (!match.Success || match.Groups["name"].Length > NameTotalLengthMax)
        {
            return "";
        }
        var digest = match.Groups["digest"];
        if (digest.Success && !IsSupportedDigest(digest.Value))
        {
            return "";
        }
        var tag = match.Groups["tag"];
        if (tag.Success)
        {
            return tag.Value;
        }
        return digest.Success ? "" : "latest";
    }

    /// <summary>distribution/reference normalize.go splitDockerDomain.</summary>
    private static (string Domain, string Remainder) SplitDockerDomain(string name)
    {
        string domain, remainder;
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash == -1 || IsDockerHubPath(name[..slash]))
        {
            (domain, remainder) = (DefaultDomain, name);
        }
        else
        {
            (domain, remainder) = (name[..slash], name[(slash + 1)..]);
        }
        if (domain == "index.docker.io")
        {
            domain = DefaultDomain;
        }
        if (domain == DefaultDomain && !remainder.Contains('/', StringComparison.Ordinal))
        {
            remainder = "library/" + remainder;
        }
        return (domain, remainder);
    }

    private static bool IsDockerHubPath(string first) =>
        first.IndexOfAny(['.', ':']) < 0 && first != "localhost" &&
        string.Equals(first, first.ToLowerInvariant(), StringComparison.Ordinal);

    /// <summary>go-digest: only registered algorithms, with their exact hex length.</summary>
    private static bool IsSupportedDigest(string digest)
    {
        var colon = digest.IndexOf(':', StringComparison.Ordinal);
        var hexLength = digest[..colon] switch
        {
            "sha256" => 64,
            "sha384" => 96,
            "sha512" => 128,
            _ => -1,
        };
        return digest.Length - colon - 1 == hexLength;
    }

    [GeneratedRegex("^[a-f0-9]{64}$")]
    private static partial Regex IdentifierPattern();

    // distribution/reference regexp.go ReferenceRegexp, with named groups.
    [GeneratedRegex(
        @"^(?<name>(?:(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*|\[[a-fA-F0-9:]+\])(?::[0-9]+)?/)?" +
        @"[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*)*)" +
        @"(?::(?<tag>[0-9A-Za-z_][0-9A-Za-z_.-]{0,127}))?" +
        @"(?:@(?<digest>[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?$",
        RegexOptions.CultureInvariant)]
    private static partial Regex ReferencePattern();
}
