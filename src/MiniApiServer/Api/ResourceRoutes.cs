using k8s.Models;
using MiniApiServer.Api.Requests;
using MiniApiServer.Registry;

namespace MiniApiServer.Api;

/// <summary>What an endpoint serves, for the OpenAPI document: the resource and the Kubernetes verb.</summary>
internal sealed record ResourceVerb(ResourceDescriptor Descriptor, string Verb, Subresource Subresource = Subresource.None);

/// <summary>
/// Maps the REST paths of every kind in the catalog onto the generic handlers (k8s-semantics.md §1.1), all derived
/// from the kind's descriptor: <c>/api/v1/...</c> for the core group, <c>/apis/{group}/{version}/...</c> for the others,
/// and only the verbs and subresources the kind serves (another method on a served path is a 405). Operation ids follow
/// upstream's OpenAPI (<c>createCoreV1NamespacedService</c>, <c>readNetworkingV1IPAddress</c>).
/// </summary>
internal static class ResourceRoutes
{
    public static readonly string[] BodyTypes = [.. MediaTypes.RequestBodyTypes];
    public static readonly string[] PatchTypes = ["application/json-patch+json", "application/merge-patch+json"];

    public static void MapResources(this IEndpointRouteBuilder app, ResourceCatalog catalog)
    {
        foreach (var kind in catalog.All)
        {
            if (kind.Descriptor.Namespaced)
            {
                MapNamespaced(app, kind);
            }
            else
            {
                MapClusterScoped(app, kind);
            }
        }
    }

    /// <summary>Upstream's operation id part for a group version: <c>CoreV1</c>, <c>NetworkingV1</c>, <c>RbacAuthorizationV1</c>.</summary>
    public static string OperationGroupVersion(ResourceDescriptor d)
    {
        var group = d.Group.Length == 0 ? "core" : d.Group.EndsWith(".k8s.io", StringComparison.Ordinal) ? d.Group[..^".k8s.io".Length] : d.Group;
        return string.Concat(group.Split('.').Select(Capitalize)) + Capitalize(d.Version);
    }

    private static void MapNamespaced(IEndpointRouteBuilder app, KindRegistration kind)
    {
        var d = kind.Descriptor;
        var gv = OperationGroupVersion(d);
        var k = d.Kind;
        var collection = $"{d.PathPrefix}/namespaces/{{namespace}}/{d.Plural}";
        var item = collection + "/{name}";

        Map(d, "list", () => app.MapGet(collection, (HttpContext ctx, string @namespace, ResourceHandlers h) => h.ListAsync(ctx, kind, @namespace)), $"list{gv}Namespaced{k}", ListType(d));
        Map(d, "create", () => app.MapPost(collection, (HttpContext ctx, string @namespace, ResourceHandlers h) => h.CreateAsync(ctx, kind, @namespace)), $"create{gv}Namespaced{k}", d.ModelType, 201, BodyTypes);
        Map(d, "deletecollection", () => app.MapDelete(collection, (HttpContext ctx, string @namespace, ResourceHandlers h) => h.DeleteCollectionAsync(ctx, kind, @namespace)), $"delete{gv}CollectionNamespaced{k}", ListType(d));
        Map(d, "get", () => app.MapGet(item, (HttpContext ctx, string @namespace, string name, ResourceHandlers h) => h.GetAsync(ctx, kind, @namespace, name)), $"read{gv}Namespaced{k}", d.ModelType);
        Map(d, "update", () => app.MapPut(item, (HttpContext ctx, string @namespace, string name, ResourceHandlers h) => h.UpdateAsync(ctx, kind, @namespace, name, Subresource.None)), $"replace{gv}Namespaced{k}", d.ModelType, 200, BodyTypes);
        Map(d, "patch", () => app.MapPatch(item, (HttpContext ctx, string @namespace, string name, ResourceHandlers h) => h.PatchAsync(ctx, kind, @namespace, name, Subresource.None)), $"patch{gv}Namespaced{k}", d.ModelType, 200, PatchTypes);
        Map(d, "delete", () => app.MapDelete(item, (HttpContext ctx, string @namespace, string name, ResourceHandlers h) => h.DeleteAsync(ctx, kind, @namespace, name)), $"delete{gv}Namespaced{k}", d.DeleteReturnsStatus ? typeof(V1Status) : d.ModelType);
        foreach (var sub in d.Subresources)
        {
            var path = $"{item}/{sub.Name}";
            var s = sub.Kind;
            Map(d, sub, "create", () => app.MapPost(path, (HttpContext ctx, string @namespace, string name, ResourceHandlers h) => h.CreateSubresourceAsync(ctx, kind, @namespace, name, s)), $"create{gv}Namespaced{k}{s}", typeof(V1Status), 201, BodyTypes);
            Map(d, sub, "get", () => app.MapGet(path, (HttpContext ctx, string @namespace, string name, ResourceHandlers h) => h.GetAsync(ctx, kind, @namespace, name)), $"read{gv}Namespaced{k}{s}", d.ModelType);
            Map(d, sub, "update", () => app.MapPut(path, (HttpContext ctx, string @namespace, string name, ResourceHandlers h) => h.UpdateAsync(ctx, kind, @namespace, name, s)), $"replace{gv}Namespaced{k}{s}", d.ModelType, 200, BodyTypes);
            Map(d, sub, "patch", () => app.MapPatch(path, (HttpContext ctx, string @namespace, string name, ResourceHandlers h) => h.PatchAsync(ctx, kind, @namespace, name, s)), $"patch{gv}Namespaced{k}{s}", d.ModelType, 200, PatchTypes);
            if (sub is { ServesInputResource: true, Input: { } input })
            {
                // The input kind's own collection (upstream's legacy /bindings): the body names the object.
                Describe(app.MapPost($"{input.PathPrefix}/namespaces/{{namespace}}/{input.Plural}",
                        (HttpContext ctx, string @namespace, ResourceHandlers h) => h.CreateSubresourceAsync(ctx, kind, @namespace, null, s)),
                    new ResourceVerb(input, "create"), $"create{gv}Namespaced{input.Kind}", typeof(V1Status), 201, BodyTypes);
            }
        }
        Map(d, "list", () => app.MapGet($"{d.PathPrefix}/{d.Plural}", (HttpContext ctx, ResourceHandlers h) => h.ListAsync(ctx, kind, null)), $"list{gv}{k}ForAllNamespaces", ListType(d));

        // The legacy watch paths, deprecated upstream (use ?watch=true) but still served by kube-apiserver.
        var watch = $"{d.PathPrefix}/watch/namespaces/{{namespace}}/{d.Plural}";
        MapWatch(d, "watchlist", () => app.MapGet(watch, (HttpContext ctx, string @namespace, ResourceHandlers h) => h.WatchAsync(ctx, kind, @namespace, null)), $"watch{gv}Namespaced{k}List");
        MapWatch(d, "watch", () => app.MapGet(watch + "/{name}", (HttpContext ctx, string @namespace, string name, ResourceHandlers h) => h.WatchAsync(ctx, kind, @namespace, name)), $"watch{gv}Namespaced{k}");
        MapWatch(d, "watchlist", () => app.MapGet($"{d.PathPrefix}/watch/{d.Plural}", (HttpContext ctx, ResourceHandlers h) => h.WatchAsync(ctx, kind, null, null)), $"watch{gv}{k}ListForAllNamespaces");
    }

    private static void MapClusterScoped(IEndpointRouteBuilder app, KindRegistration kind)
    {
        var d = kind.Descriptor;
        var gv = OperationGroupVersion(d);
        var k = d.Kind;
        var collection = $"{d.PathPrefix}/{d.Plural}";
        var item = collection + "/{name}";

        Map(d, "list", () => app.MapGet(collection, (HttpContext ctx, ResourceHandlers h) => h.ListAsync(ctx, kind, null)), $"list{gv}{k}", ListType(d));
        Map(d, "create", () => app.MapPost(collection, (HttpContext ctx, ResourceHandlers h) => h.CreateAsync(ctx, kind, "")), $"create{gv}{k}", d.ModelType, 201, BodyTypes);
        Map(d, "deletecollection", () => app.MapDelete(collection, (HttpContext ctx, ResourceHandlers h) => h.DeleteCollectionAsync(ctx, kind, "")), $"delete{gv}Collection{k}", ListType(d));
        Map(d, "get", () => app.MapGet(item, (HttpContext ctx, string name, ResourceHandlers h) => h.GetAsync(ctx, kind, "", name)), $"read{gv}{k}", d.ModelType);
        Map(d, "update", () => app.MapPut(item, (HttpContext ctx, string name, ResourceHandlers h) => h.UpdateAsync(ctx, kind, "", name, Subresource.None)), $"replace{gv}{k}", d.ModelType, 200, BodyTypes);
        Map(d, "patch", () => app.MapPatch(item, (HttpContext ctx, string name, ResourceHandlers h) => h.PatchAsync(ctx, kind, "", name, Subresource.None)), $"patch{gv}{k}", d.ModelType, 200, PatchTypes);
        Map(d, "delete", () => app.MapDelete(item, (HttpContext ctx, string name, ResourceHandlers h) => h.DeleteAsync(ctx, kind, "", name)), $"delete{gv}{k}", d.DeleteReturnsStatus ? typeof(V1Status) : d.ModelType);
        foreach (var sub in d.Subresources)
        {
            var path = $"{item}/{sub.Name}";
            var s = sub.Kind;
            Map(d, sub, "create", () => app.MapPost(path, (HttpContext ctx, string name, ResourceHandlers h) => h.CreateSubresourceAsync(ctx, kind, "", name, s)), $"create{gv}{k}{s}", typeof(V1Status), 201, BodyTypes);
            Map(d, sub, "get", () => app.MapGet(path, (HttpContext ctx, string name, ResourceHandlers h) => h.GetAsync(ctx, kind, "", name)), $"read{gv}{k}{s}", d.ModelType);
            Map(d, sub, "update", () => app.MapPut(path, (HttpContext ctx, string name, ResourceHandlers h) => h.UpdateAsync(ctx, kind, "", name, s)), $"replace{gv}{k}{s}", d.ModelType, 200, BodyTypes);
            Map(d, sub, "patch", () => app.MapPatch(path, (HttpContext ctx, string name, ResourceHandlers h) => h.PatchAsync(ctx, kind, "", name, s)), $"patch{gv}{k}{s}", d.ModelType, 200, PatchTypes);
            if (sub is { ServesInputResource: true, Input: { } input })
            {
                Describe(app.MapPost($"{input.PathPrefix}/{input.Plural}", (HttpContext ctx, ResourceHandlers h) => h.CreateSubresourceAsync(ctx, kind, "", null, s)),
                    new ResourceVerb(input, "create"), $"create{gv}{input.Kind}", typeof(V1Status), 201, BodyTypes);
            }
        }

        // The legacy watch paths, deprecated upstream (use ?watch=true) but still served by kube-apiserver.
        var watch = $"{d.PathPrefix}/watch/{d.Plural}";
        MapWatch(d, "watchlist", () => app.MapGet(watch, (HttpContext ctx, ResourceHandlers h) => h.WatchAsync(ctx, kind, null, null)), $"watch{gv}{k}List");
        MapWatch(d, "watch", () => app.MapGet(watch + "/{name}", (HttpContext ctx, string name, ResourceHandlers h) => h.WatchAsync(ctx, kind, null, name)), $"watch{gv}{k}");
    }

    private static void Map(ResourceDescriptor d, string verb, Func<RouteHandlerBuilder> map, string operationId, Type response,
        int success = 200, string[]? accepts = null)
    {
        if (d.Serves(verb))
        {
            Describe(map(), new ResourceVerb(d, verb), operationId, response, success, accepts);
        }
    }

    private static void Map(ResourceDescriptor d, SubresourceDescriptor sub, string verb, Func<RouteHandlerBuilder> map, string operationId, Type response,
        int success = 200, string[]? accepts = null)
    {
        if (sub.Verbs.Contains(verb))
        {
            Describe(map(), new ResourceVerb(d, verb, sub.Kind), operationId, response, success, accepts, sub.Input?.ModelType);
        }
    }

    /// <summary>
    /// A legacy watch path, mapped when the kind serves watch; its OpenAPI verb is upstream's: <c>watchlist</c> for a
    /// collection, <c>watch</c> for one object.
    /// </summary>
    private static void MapWatch(ResourceDescriptor d, string verb, Func<RouteHandlerBuilder> map, string operationId)
    {
        if (d.Serves("watch"))
        {
            Describe(map(), new ResourceVerb(d, verb), operationId, typeof(V1WatchEvent), 200, null);
        }
    }

    /// <summary>Every served kind has a list type (<see cref="KindRegistration.Check"/>); only a subresource's input kind has none.</summary>
    private static Type ListType(ResourceDescriptor d) => d.ListType ?? throw new InvalidOperationException($"{d.GroupResource} has no list type");

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private static void Describe(RouteHandlerBuilder b, ResourceVerb rv, string operationId, Type response, int success, string[]? accepts, Type? request = null)
    {
        var d = rv.Descriptor;
        b.WithName(operationId)
            .WithTags(d.Kind)
            .WithMetadata(rv)
            .Produces(success, response)
            .Produces(400, typeof(V1Status))
            .Produces(404, typeof(V1Status));
        if (accepts is not null)
        {
            b.Accepts(accepts == PatchTypes ? typeof(object) : request ?? d.ModelType, accepts[0], accepts[1..]);
            b.Produces(409, typeof(V1Status)).Produces(422, typeof(V1Status));
        }
        if (rv.Verb == "update" && d.AllowCreateOnUpdate && rv.Subresource == Subresource.None)
        {
            b.Produces(201, d.ModelType);
        }
    }
}
