using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Allocation;
using MiniApiServer.Machinery;
using MiniApiServer.Selectors;
using MiniApiServer.Storage;

namespace MiniApiServer.Api.Networking;

/// <summary>
/// Serves <c>networking.k8s.io/v1</c> ServiceCIDRs and IPAddresses read-only (get, list), computed by
/// <see cref="AllocationViews"/> from the current store snapshot. Other methods on these paths are answered 405 by
/// routing (<see cref="StatusMiddleware"/> writes the Status), as kube-apiserver answers a verb a resource lacks.
/// List options: <c>labelSelector</c> and <c>fieldSelector</c> (<c>metadata.name</c>; <c>metadata.namespace</c> is accepted
/// and, the resources being cluster-scoped, matches only ""); <c>limit</c>, <c>continue</c> and <c>resourceVersion</c>
/// are ignored: the lists are short and always current. Left out of the OpenAPI document, like discovery.
/// </summary>
internal static class NetworkingRoutes
{
    private const string Root = "/apis/" + NetworkingDiscovery.Group;
    private const string Versioned = "/apis/" + NetworkingDiscovery.GroupVersion;

    public static void MapNetworking(this IEndpointRouteBuilder app)
    {
        var views = new AllocationViews(app.ServiceProvider.GetRequiredService<ServiceAllocators>(), app.ServiceProvider.GetRequiredService<TimeProvider>());
        var store = app.ServiceProvider.GetRequiredService<IObjectStore>();
        var routes = app.MapGroup("").ExcludeFromDescription();

        routes.MapGet(Root, (HttpContext ctx) => WriteDiscovery(ctx, NetworkingDiscovery.ApiGroup(standalone: true)));
        routes.MapGet(Versioned, (HttpContext ctx) => WriteDiscovery(ctx, NetworkingDiscovery.ResourceList()));

        routes.MapGet(Versioned + "/servicecidrs", (HttpContext ctx) =>
        {
            var (labels, fields) = ListOptions(ctx, "servicecidrs");
            var snapshot = store.Current;
            var cidr = views.ServiceCidr(snapshot.Revision);
            return ResponseWriter.WriteModelAsync(ctx, 200, new V1ServiceCIDRList
            {
                ApiVersion = NetworkingDiscovery.GroupVersion,
                Kind = "ServiceCIDRList",
                Metadata = ListMeta(snapshot),
                Items = Matches(cidr.Metadata, labels, fields) ? [cidr] : [],
            });
        });
        routes.MapGet(Versioned + "/servicecidrs/{name}", (HttpContext ctx, string name) =>
        {
            if (name != AllocationViews.DefaultServiceCidrName)
            {
                throw NotFound("servicecidrs", name);
            }
            var cidr = views.ServiceCidr(store.Current.Revision);
            cidr.ApiVersion = NetworkingDiscovery.GroupVersion;
            cidr.Kind = "ServiceCIDR";
            return ResponseWriter.WriteModelAsync(ctx, 200, cidr);
        });

        routes.MapGet(Versioned + "/ipaddresses", (HttpContext ctx) =>
        {
            var (labels, fields) = ListOptions(ctx, "ipaddresses");
            var snapshot = store.Current;
            return ResponseWriter.WriteModelAsync(ctx, 200, new V1IPAddressList
            {
                ApiVersion = NetworkingDiscovery.GroupVersion,
                Kind = "IPAddressList",
                Metadata = ListMeta(snapshot),
                Items = [.. views.IpAddresses(snapshot).Where(a => Matches(a.Metadata, labels, fields))],
            });
        });
        routes.MapGet(Versioned + "/ipaddresses/{name}", (HttpContext ctx, string name) =>
        {
            var address = views.IpAddresses(store.Current).Find(a => a.Metadata.Name == name) ?? throw NotFound("ipaddresses", name);
            address.ApiVersion = NetworkingDiscovery.GroupVersion;
            address.Kind = "IPAddress";
            return ResponseWriter.WriteModelAsync(ctx, 200, address);
        });
    }

    /// <summary>
    /// The selectors of a list request. A watch is 405 as for a storage without Watcher (handlers/get.go ListResource,
    /// errors.NewMethodNotSupported); field labels follow runtime.DefaultMetaV1FieldSelectorConversion, since upstream
    /// registers no conversion for these kinds.
    /// </summary>
    private static (LabelSelector Labels, FieldSelector Fields) ListOptions(HttpContext ctx, string resource)
    {
        var query = ctx.Request.Query;
        if (QueryParameters.Bool(query, "watch"))
        {
            throw new ApiException(405, "MethodNotAllowed", $"watch is not supported on resources of kind \"{resource}.{NetworkingDiscovery.Group}\"",
                new V1StatusDetails { Group = NetworkingDiscovery.Group, Kind = resource });
        }
        try
        {
            var labels = LabelSelector.Parse(QueryParameters.String(query, "labelSelector"));
            var fields = FieldSelector.Parse(QueryParameters.String(query, "fieldSelector"));
            foreach (var r in fields.Requirements)
            {
                if (r.Field is not ("metadata.name" or "metadata.namespace"))
                {
                    throw ApiException.BadRequest($"\"{r.Field}\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"");
                }
            }
            return (labels, fields);
        }
        catch (SelectorParseException e)
        {
            throw ApiException.BadRequest(e.Message);
        }
    }

    /// <summary>storage.DefaultClusterScopedAttr: the labels, and metadata.name as the only field.</summary>
    private static bool Matches(V1ObjectMeta meta, LabelSelector labels, FieldSelector fields) =>
        labels.Matches(meta.Labels?.AsReadOnly()) && fields.Matches(new Dictionary<string, string> { ["metadata.name"] = meta.Name });

    private static V1ListMeta ListMeta(StoreSnapshot snapshot) =>
        new() { ResourceVersion = snapshot.Revision.ToString(CultureInfo.InvariantCulture) };

    /// <summary>errors.NewNotFound with a group resource: <c>ipaddresses.networking.k8s.io "10.0.0.9" not found</c>.</summary>
    private static ApiException NotFound(string resource, string name) =>
        new(404, "NotFound", $"{resource}.{NetworkingDiscovery.Group} \"{name}\" not found",
            new V1StatusDetails { Name = name, Group = NetworkingDiscovery.Group, Kind = resource });

    private static Task WriteDiscovery(HttpContext ctx, JsonObject body)
    {
        ctx.Response.ContentType = "application/json";
        return ctx.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(body)).AsTask();
    }
}
