using k8s.Models;

namespace MiniApiServer.Registry.Services;

/// <summary>
/// The enum values of <c>ServiceSpec</c> and what a Service's type implies, as upstream's helpers
/// (pkg/api/service/util.go, pkg/registry/core/service/storage/alloc.go) decide it.
/// </summary>
internal static class ServiceSpecFacts
{
    public const string ClusterIP = "ClusterIP";
    public const string NodePort = "NodePort";
    public const string LoadBalancer = "LoadBalancer";
    public const string ExternalName = "ExternalName";

    /// <summary><c>clusterIP: None</c> marks a headless Service.</summary>
    public const string ClusterIPNone = "None";

    public const string IPv4 = "IPv4";
    public const string IPv6 = "IPv6";

    public const string SingleStack = "SingleStack";
    public const string PreferDualStack = "PreferDualStack";
    public const string RequireDualStack = "RequireDualStack";

    public const string AffinityNone = "None";
    public const string AffinityClientIP = "ClientIP";

    /// <summary>core.DefaultClientIPServiceAffinitySeconds (3 hours).</summary>
    public const int DefaultClientIPTimeoutSeconds = 10800;

    /// <summary>core.MaxClientIPServiceAffinitySeconds (1 day).</summary>
    public const int MaxClientIPTimeoutSeconds = 86400;

    public const string TrafficPolicyCluster = "Cluster";
    public const string TrafficPolicyLocal = "Local";

    public const string TrafficDistributionPreferClose = "PreferClose";

    public const string IpModeVip = "VIP";
    public const string IpModeProxy = "Proxy";

    public const string ProtocolTcp = "TCP";

    /// <summary>Sorted, as Go's <c>sets.List</c> prints them in NotSupported errors.</summary>
    public static readonly string[] Types = [ClusterIP, ExternalName, LoadBalancer, NodePort];
    public static readonly string[] Protocols = ["SCTP", "TCP", "UDP"];
    public static readonly string[] Affinities = [AffinityClientIP, AffinityNone];
    public static readonly string[] Families = [IPv4, IPv6];
    public static readonly string[] FamilyPolicies = [PreferDualStack, RequireDualStack, SingleStack];
    public static readonly string[] TrafficPolicies = [TrafficPolicyCluster, TrafficPolicyLocal];
    public static readonly string[] IpModes = [IpModeProxy, IpModeVip];

    public static bool NeedsClusterIP(V1ServiceSpec spec) => spec.Type != ExternalName;

    public static bool NeedsNodePort(V1ServiceSpec spec) => spec.Type is NodePort or LoadBalancer;

    /// <summary>apiservice.ExternallyAccessible: ClusterIP counts when it has external IPs.</summary>
    public static bool ExternallyAccessible(V1ServiceSpec spec) =>
        spec.Type is LoadBalancer or NodePort || (spec.Type == ClusterIP && spec.ExternalIPs is { Count: > 0 });

    /// <summary>apiservice.NeedsHealthCheck: a LoadBalancer that keeps traffic node-local.</summary>
    public static bool NeedsHealthCheckNodePort(V1ServiceSpec spec) =>
        spec.Type == LoadBalancer && spec.ExternalTrafficPolicy == TrafficPolicyLocal;

    /// <summary>isHeadlessService: exactly <c>clusterIPs: [None]</c>.</summary>
    public static bool IsHeadless(V1ServiceSpec spec) =>
        spec.ClusterIPs is { Count: 1 } ips && ips[0] == ClusterIPNone;

    public static bool HasSelector(V1ServiceSpec spec) => spec.Selector is { Count: > 0 };

    public static string OtherFamily(string family) => family == IPv4 ? IPv6 : IPv4;

    public static int Count<T>(ICollection<T>? items) => items?.Count ?? 0;

    /// <summary>Element-wise equality that treats a missing list like an empty one (Go's <c>len</c> checks).</summary>
    public static bool SameList(IList<string>? a, IList<string>? b) =>
        Count(a) == Count(b) && (a is null || b is null || a.SequenceEqual(b, StringComparer.Ordinal));
}
