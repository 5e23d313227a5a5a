using System.Text.Json;
using System.Text.Json.Nodes;
using MiniApiServer.Api.Networking;
using MiniApiServer.Registry;

namespace MiniApiServer.Api;

/// <summary>
/// API discovery as kubectl reads it (kubectl-wire.md §2, §11): the aggregated form when the Accept header asks
/// for <c>as=APIGroupDiscoveryList</c> (with the content type carrying those parameters), the legacy
/// APIVersions / APIGroupList / APIResourceList otherwise. The core group is generated from the resource catalog; the
/// only named group is the read-only networking.k8s.io/v1 (<see cref="NetworkingDiscovery"/>).
/// </summary>
internal static class Discovery
{
    public static void MapDiscovery(this IEndpointRouteBuilder app, ResourceCatalog catalog)
    {
        app.MapGet("/api", (HttpContext ctx) => Aggregated(ctx) is { } v
            ? Write(ctx, AggregatedList(catalog, v), $"application/json;g=apidiscovery.k8s.io;v={v};as=APIGroupDiscoveryList")
            : Write(ctx, new JsonObject
            {
                ["kind"] = "APIVersions",
                ["versions"] = new JsonArray("v1"),
                ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = ctx.Request.Host.Value }),
            })).ExcludeFromDescription();
        app.MapGet("/apis", (HttpContext ctx) => Aggregated(ctx) is { } v
            ? Write(ctx, new JsonObject
            {
                ["kind"] = "APIGroupDiscoveryList",
                ["apiVersion"] = $"apidiscovery.k8s.io/{v}",
                ["metadata"] = new JsonObject(),
                ["items"] = new JsonArray(NetworkingDiscovery.AggregatedGroup()),
            }, $"application/json;g=apidiscovery.k8s.io;v={v};as=APIGroupDiscoveryList")
            : Write(ctx, new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = new JsonArray(NetworkingDiscovery.ApiGroup(standalone: false)) }))
            .ExcludeFromDescription();
        app.MapGet("/api/v1", (HttpContext ctx) => Write(ctx, ResourceList(catalog))).ExcludeFromDescription();
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

    private static JsonObject AggregatedList(ResourceCatalog catalog, string version)
    {
        var resources = new JsonArray();
        foreach (var s in catalog.All)
        {
            var d = s.Descriptor;
            var entry = new JsonObject
            {
                ["resource"] = d.Plural,
                ["responseKind"] = new JsonObject { ["group"] = "", ["version"] = "", ["kind"] = d.Kind },
                ["scope"] = d.Namespaced ? "Namespaced" : "Cluster",
                ["singularResource"] = d.Singular,
                ["verbs"] = Strings(Verbs(d)),
                ["shortNames"] = Strings(d.ShortNames),
            };
            if (d.Categories.Count > 0)
            {
                entry["categories"] = Strings(d.Categories);
            }
            var subresources = new JsonArray();
            foreach (var (name, verbs) in Subresources(s))
            {
                subresources.Add(new JsonObject
                {
                    ["subresource"] = name,
                    ["responseKind"] = new JsonObject { ["group"] = "", ["version"] = "", ["kind"] = d.Kind },
                    ["verbs"] = Strings(verbs),
                });
            }
            if (subresources.Count > 0)
            {
                entry["subresources"] = subresources;
            }
            resources.Add(entry);
        }
        return new JsonObject
        {
            ["kind"] = "APIGroupDiscoveryList",
            ["apiVersion"] = $"apidiscovery.k8s.io/{version}",
            ["metadata"] = new JsonObject(),
            ["items"] = new JsonArray(new JsonObject
            {
                ["metadata"] = new JsonObject { ["creationTimestamp"] = null },
                ["versions"] = new JsonArray(new JsonObject { ["version"] = "v1", ["resources"] = resources, ["freshness"] = "Current" }),
            }),
        };
    }

    private static JsonObject ResourceList(ResourceCatalog catalog)
    {
        var resources = new JsonArray();
        foreach (var s in catalog.All)
        {
            var d = s.Descriptor;
            var entry = new JsonObject
            {
                ["name"] = d.Plural,
                ["singularName"] = d.Singular,
                ["namespaced"] = d.Namespaced,
                ["kind"] = d.Kind,
                ["verbs"] = Strings(Verbs(d)),
                ["shortNames"] = Strings(d.ShortNames),
            };
            if (d.Categories.Count > 0)
            {
                entry["categories"] = Strings(d.Categories);
            }
            resources.Add(entry);
            foreach (var (name, verbs) in Subresources(s))
            {
                resources.Add(new JsonObject
                {
                    ["name"] = $"{d.Plural}/{name}",
                    ["singularName"] = "",
                    ["namespaced"] = d.Namespaced,
                    ["kind"] = d.Kind,
                    ["verbs"] = Strings(verbs),
                });
            }
        }
        return new JsonObject { ["kind"] = "APIResourceList", ["groupVersion"] = "v1", ["resources"] = resources };
    }

    private static IEnumerable<string> Verbs(ResourceDescriptor d) =>
        d.SupportsDeleteCollection
            ? ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]
            : ["create", "delete", "get", "list", "patch", "update", "watch"];

    private static IEnumerable<(string Name, string[] Verbs)> Subresources(IResourceStrategy s)
    {
        if (s is IFinalizeStrategy)
        {
            yield return ("finalize", ["update"]);
        }
        if (s.Descriptor.HasStatus)
        {
            yield return ("status", ["get", "patch", "update"]);
        }
    }

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);

    private static Task Write(HttpContext ctx, JsonObject body, string contentType = "application/json")
    {
        ctx.Response.ContentType = contentType;
        return ctx.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(body)).AsTask();
    }
}
