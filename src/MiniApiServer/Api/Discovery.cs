using System.Text.Json;
using System.Text.Json.Nodes;
using MiniApiServer.Registry;

namespace MiniApiServer.Api;

/// <summary>
/// API discovery as kubectl reads it (kubectl-wire.md §2, §11), generated from the catalog for every served group:
/// the aggregated form when the Accept header asks for <c>as=APIGroupDiscoveryList</c> (with the content type carrying
/// those parameters), the legacy APIVersions / APIGroupList / APIGroup / APIResourceList otherwise. Groups come in
/// kube-apiserver's order (by group priority), resources alphabetically, as upstream sorts them.
/// </summary>
internal static class Discovery
{
    /// <summary>
    /// The group priorities kube-apiserver registers its groups with (pkg/controlplane/apiserver/aggregator.go and
    /// cmd/kube-apiserver's additions): discovery lists groups by descending priority. Groups not listed come last, by name.
    /// </summary>
    private static readonly Dictionary<string, int> GroupPriority = new(StringComparer.Ordinal)
    {
        ["apps"] = 17800,
        ["events.k8s.io"] = 17750,
        ["authentication.k8s.io"] = 17700,
        ["authorization.k8s.io"] = 17600,
        ["autoscaling"] = 17500,
        ["batch"] = 17400,
        ["certificates.k8s.io"] = 17300,
        ["networking.k8s.io"] = 17200,
        ["policy"] = 17100,
        ["rbac.authorization.k8s.io"] = 17000,
        ["storage.k8s.io"] = 16800,
        ["apiextensions.k8s.io"] = 16700,
        ["admissionregistration.k8s.io"] = 16700,
        ["scheduling.k8s.io"] = 16600,
        ["coordination.k8s.io"] = 16500,
        ["node.k8s.io"] = 16300,
        ["discovery.k8s.io"] = 16200,
        ["flowcontrol.apiserver.k8s.io"] = 16100,
    };

    public static void MapDiscovery(this IEndpointRouteBuilder app, ResourceCatalog catalog)
    {
        var served = catalog.All.SelectMany(k => k.Descriptor.ServedResources).ToList();
        var core = served.Where(d => d.Group.Length == 0).OrderBy(d => d.Plural, StringComparer.Ordinal).ToList();
        var groups = served.Where(d => d.Group.Length > 0)
            .GroupBy(d => d.Group)
            .OrderByDescending(g => GroupPriority.GetValueOrDefault(g.Key))
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ServedGroup(g.Key, [.. g.GroupBy(d => d.Version).Select(v => new ServedVersion(v.Key, [.. v.OrderBy(d => d.Plural, StringComparer.Ordinal)]))]))
            .ToList();
        var discovery = app.MapGroup("").ExcludeFromDescription();

        discovery.MapGet("/api", (HttpContext ctx) => Aggregated(ctx) is { } v
            ? Write(ctx, AggregatedList(v, [AggregatedGroup(null, [new ServedVersion("v1", core)])]), AggregatedContentType(v))
            : Write(ctx, new JsonObject
            {
                ["kind"] = "APIVersions",
                ["versions"] = new JsonArray("v1"),
                ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = ctx.Request.Host.Value }),
            }));
        discovery.MapGet("/api/v1", (HttpContext ctx) => Write(ctx, ResourceList(null, "v1", core)));
        discovery.MapGet("/apis", (HttpContext ctx) => Aggregated(ctx) is { } v
            ? Write(ctx, AggregatedList(v, [.. groups.Select(g => AggregatedGroup(g.Name, g.Versions))]), AggregatedContentType(v))
            : Write(ctx, new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = new JsonArray([.. groups.Select(g => (JsonNode)ApiGroup(g, standalone: false))]) }));
        foreach (var group in groups)
        {
            discovery.MapGet("/apis/" + group.Name, (HttpContext ctx) => Write(ctx, ApiGroup(group, standalone: true)));
            foreach (var version in group.Versions)
            {
                discovery.MapGet($"/apis/{group.Name}/{version.Name}", (HttpContext ctx) => Write(ctx, ResourceList(group.Name, version.Name, version.Resources)));
            }
        }
    }

    /// <summary>The aggregated discovery version the client asked for (v2 preferred), or null for the legacy form.</summary>
    private static string? Aggregated(HttpContext ctx)
    {
        var accept = ctx.Request.Headers.Accept.ToString();
        if (!accept.Contains("as=APIGroupDiscoveryList", StringComparison.Ordinal))
        {
            return null;
        }
        return accept.Contains("v=v2;", StringComparison.Ordinal) || accept.Contains("v=v2,", StringComparison.Ordinal) || accept.EndsWith("v=v2", StringComparison.Ordinal)
            || accept.Contains("v=v2 ", StringComparison.Ordinal)
            ? "v2"
            : accept.Contains("v=v2beta1", StringComparison.Ordinal) ? "v2beta1" : null;
    }

    private static string AggregatedContentType(string version) => $"application/json;g=apidiscovery.k8s.io;v={version};as=APIGroupDiscoveryList";

    private static JsonObject AggregatedList(string version, JsonNode[] groups) => new()
    {
        ["kind"] = "APIGroupDiscoveryList",
        ["apiVersion"] = $"apidiscovery.k8s.io/{version}",
        ["metadata"] = new JsonObject(),
        ["items"] = new JsonArray(groups),
    };

    /// <summary>One group of an <c>APIGroupDiscoveryList</c> (apidiscovery.k8s.io/v2 and v2beta1 have the same shape); the core group has no name.</summary>
    private static JsonObject AggregatedGroup(string? name, IReadOnlyList<ServedVersion> versions)
    {
        var metadata = new JsonObject();
        if (name is not null)
        {
            metadata["name"] = name;
        }
        metadata["creationTimestamp"] = null;
        return new JsonObject
        {
            ["metadata"] = metadata,
            ["versions"] = new JsonArray([.. versions.Select(v => (JsonNode)new JsonObject
            {
                ["version"] = v.Name,
                ["resources"] = new JsonArray([.. v.Resources.Select(AggregatedResource)]),
                ["freshness"] = "Current",
            })]),
        };
    }

    private static JsonNode AggregatedResource(ResourceDescriptor d)
    {
        var entry = new JsonObject
        {
            ["resource"] = d.Plural,
            ["responseKind"] = ResponseKind(d.Kind),
            ["scope"] = d.Namespaced ? "Namespaced" : "Cluster",
            ["singularResource"] = d.Singular,
            ["verbs"] = Strings(d.Verbs),
        };
        AddNames(entry, d);
        if (d.Subresources.Count > 0)
        {
            entry["subresources"] = new JsonArray([.. d.Subresources.Select(s => (JsonNode)new JsonObject
            {
                ["subresource"] = s.Name,
                ["responseKind"] = ResponseKind(s.ResponseKind(d)),
                ["verbs"] = Strings(s.Verbs),
            })]);
        }
        return entry;
    }

    private static JsonObject ResponseKind(string kind) => new() { ["group"] = "", ["version"] = "", ["kind"] = kind };

    /// <summary>
    /// The legacy <c>APIGroup</c>: bare inside <c>GET /apis</c>'s APIGroupList, with kind and apiVersion when served alone
    /// at <c>GET /apis/{group}</c>. The first version is the preferred one.
    /// </summary>
    private static JsonObject ApiGroup(ServedGroup group, bool standalone)
    {
        var result = new JsonObject();
        if (standalone)
        {
            result["kind"] = "APIGroup";
            result["apiVersion"] = "v1";
        }
        result["name"] = group.Name;
        result["versions"] = new JsonArray([.. group.Versions.Select(v => (JsonNode)GroupVersion(group.Name, v.Name))]);
        result["preferredVersion"] = GroupVersion(group.Name, group.Versions[0].Name);
        return result;
    }

    private static JsonObject GroupVersion(string group, string version) => new() { ["groupVersion"] = $"{group}/{version}", ["version"] = version };

    /// <summary><c>GET /api/v1</c> (no apiVersion, as upstream) or <c>GET /apis/{group}/{version}</c>: resources, then their subresources.</summary>
    private static JsonObject ResourceList(string? group, string version, IReadOnlyList<ResourceDescriptor> descriptors)
    {
        var resources = new JsonArray();
        foreach (var d in descriptors)
        {
            var entry = new JsonObject
            {
                ["name"] = d.Plural,
                ["singularName"] = d.Singular,
                ["namespaced"] = d.Namespaced,
                ["kind"] = d.Kind,
                ["verbs"] = Strings(d.Verbs),
            };
            AddNames(entry, d);
            resources.Add(entry);
            foreach (var s in d.Subresources)
            {
                resources.Add(new JsonObject
                {
                    ["name"] = $"{d.Plural}/{s.Name}",
                    ["singularName"] = "",
                    ["namespaced"] = d.Namespaced,
                    ["kind"] = s.ResponseKind(d),
                    ["verbs"] = Strings(s.Verbs),
                });
            }
        }
        var list = new JsonObject { ["kind"] = "APIResourceList" };
        if (group is not null)
        {
            list["apiVersion"] = "v1";
        }
        list["groupVersion"] = group is null ? version : $"{group}/{version}";
        list["resources"] = resources;
        return list;
    }

    /// <summary>Short names and categories, each only when the kind has some (omitempty upstream).</summary>
    private static void AddNames(JsonObject entry, ResourceDescriptor d)
    {
        if (d.ShortNames.Count > 0)
        {
            entry["shortNames"] = Strings(d.ShortNames);
        }
        if (d.Categories.Count > 0)
        {
            entry["categories"] = Strings(d.Categories);
        }
    }

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);

    private static Task Write(HttpContext ctx, JsonObject body, string contentType = "application/json")
    {
        ctx.Response.ContentType = contentType;
        return ctx.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(body)).AsTask();
    }

    private sealed record ServedGroup(string Name, IReadOnlyList<ServedVersion> Versions);

    private sealed record ServedVersion(string Name, IReadOnlyList<ResourceDescriptor> Resources);
}
