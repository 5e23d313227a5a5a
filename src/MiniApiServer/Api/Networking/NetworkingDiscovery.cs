using System.Text.Json.Nodes;

namespace MiniApiServer.Api.Networking;

/// <summary>
/// Discovery of <c>networking.k8s.io/v1</c> as far as it is served: the read-only <c>ipaddresses</c> and
/// <c>servicecidrs</c> (cluster-scoped, get and list, no short names or categories, as upstream lists them apart
/// from the verbs; kubectl-wire.md §2, §11). Resources in alphabetical order, as kube-apiserver sorts them.
/// </summary>
internal static class NetworkingDiscovery
{
    public const string Group = "networking.k8s.io";
    public const string Version = "v1";
    public const string GroupVersion = Group + "/" + Version;

    private static readonly (string Plural, string Singular, string Kind)[] Resources =
    [
        ("ipaddresses", "ipaddress", "IPAddress"),
        ("servicecidrs", "servicecidr", "ServiceCIDR"),
    ];

    private static readonly string[] Verbs = ["get", "list"];

    /// <summary>The group's item in an <c>APIGroupDiscoveryList</c> (apidiscovery.k8s.io/v2 and v2beta1 have the same shape).</summary>
    public static JsonObject AggregatedGroup() => new()
    {
        ["metadata"] = new JsonObject { ["name"] = Group, ["creationTimestamp"] = null },
        ["versions"] = new JsonArray(new JsonObject
        {
            ["version"] = Version,
            ["resources"] = new JsonArray([.. Resources.Select(r => (JsonNode)new JsonObject
            {
                ["resource"] = r.Plural,
                ["responseKind"] = new JsonObject { ["group"] = "", ["version"] = "", ["kind"] = r.Kind },
                ["scope"] = "Cluster",
                ["singularResource"] = r.Singular,
                ["verbs"] = Strings(Verbs),
            })]),
            ["freshness"] = "Current",
        }),
    };

    /// <summary>
    /// The legacy <c>APIGroup</c>: bare inside <c>GET /apis</c>'s APIGroupList, with kind and apiVersion when served alone
    /// at <c>GET /apis/networking.k8s.io</c>.
    /// </summary>
    public static JsonObject ApiGroup(bool standalone)
    {
        var group = new JsonObject();
        if (standalone)
        {
            group["kind"] = "APIGroup";
            group["apiVersion"] = "v1";
        }
        group["name"] = Group;
        group["versions"] = new JsonArray(VersionForDiscovery());
        group["preferredVersion"] = VersionForDiscovery();
        return group;
    }

    /// <summary><c>GET /apis/networking.k8s.io/v1</c>.</summary>
    public static JsonObject ResourceList() => new()
    {
        ["kind"] = "APIResourceList",
        ["apiVersion"] = "v1",
        ["groupVersion"] = GroupVersion,
        ["resources"] = new JsonArray([.. Resources.Select(r => (JsonNode)new JsonObject
        {
            ["name"] = r.Plural,
            ["singularName"] = r.Singular,
            ["namespaced"] = false,
            ["kind"] = r.Kind,
            ["verbs"] = Strings(Verbs),
        })]),
    };

    private static JsonObject VersionForDiscovery() => new() { ["groupVersion"] = GroupVersion, ["version"] = Version };

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);
}
