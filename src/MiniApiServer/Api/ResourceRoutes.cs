using k8s.Models;
using MiniApiServer.Registry;

namespace MiniApiServer.Api;

/// <summary>What an endpoint serves, for the OpenAPI document: the resource and the Kubernetes verb.</summary>
internal sealed record ResourceVerb(ResourceDescriptor Descriptor, string Verb, Subresource Subresource = Subresource.None);

/// <summary>
/// Maps the core/v1 REST paths of every resource in the catalog onto the generic handlers
/// (k8s-semantics.md §1.1). Operation ids follow upstream's OpenAPI (e.g. <c>createCoreV1NamespacedService</c>).
/// </summary>
internal static class ResourceRoutes
{
    public static readonly string[] BodyTypes = ["application/json", "application/yaml"];
    public static readonly string[] PatchTypes = ["application/json-patch+json", "application/merge-patch+json"];

    public static void MapResources(this IEndpointRouteBuilder app, ResourceCatalog catalog)
    {
        foreach (var strategy in catalog.All)
        {
            if (strategy.Descriptor.Namespaced)
            {
                MapNamespaced(app, strategy);
            }
            else
            {
                MapClusterScoped(app, strategy);
            }
        }
    }

    private static void MapNamespaced(IEndpointRouteBuilder app, IResourceStrategy s)
    {
        var d = s.Descriptor;
        var collection = $"/api/v1/namespaces/{{namespace}}/{d.Plural}";
        var item = collection + "/{name}";
        var k = d.Kind;

        Describe(app.MapGet(collection, (HttpContext ctx, string @namespace, ResourceHandlers h) => h.ListAsync(ctx, s, @namespace)), d, "list", $"listCoreV1Namespaced{k}", d.ListType);
        Describe(app.MapPost(collection, (HttpContext ctx, string @namespace, ResourceHandlers h) => h.CreateAsync(ctx, s, @namespace)), d, "create", $"createCoreV1Namespaced{k}", d.ModelType, 201, BodyTypes);
        if (d.SupportsDeleteCollection)
        {
            Describe(app.MapDelete(collection, (HttpContext ctx, string @namespace, ResourceHandlers h) => h.DeleteCollectionAsync(ctx, s, @namespace)), d, "deletecollection", $"deleteCoreV1CollectionNamespaced{k}", d.ListType);
        }
        Describe(app.MapGet(item, (HttpContext ctx, string @namespace, string name, ResourceHandlers h) => h.GetAsync(ctx, s, @namespace, name)), d, "get", $"readCoreV1Namespaced{k}", d.ModelType);
        Describe(app.MapPut(item, (HttpContext ctx, string @namespace, string name, ResourceHandlers h) => h.UpdateAsync(ctx, s, @namespace, name, Subresource.None)), d, "update", $"replaceCoreV1Namespaced{k}", d.ModelType, 200, BodyTypes);
        Describe(app.MapPatch(item, (HttpContext ctx, string @namespace, string name, ResourceHandlers h) => h.PatchAsync(ctx, s, @namespace, name, Subresource.None)), d, "patch", $"patchCoreV1Namespaced{k}", d.ModelType, 200, PatchTypes);
        Describe(app.MapDelete(item, (HttpContext ctx, string @namespace, string name, ResourceHandlers h) => h.DeleteAsync(ctx, s, @namespace, name)), d, "delete", $"deleteCoreV1Namespaced{k}", d.DeleteReturnsStatus ? typeof(V1Status) : d.ModelType);
        if (d.HasStatus)
        {
            var status = item + "/status";
            Describe(app.MapGet(status, (HttpContext ctx, string @namespace, string name, ResourceHandlers h) => h.GetAsync(ctx, s, @namespace, name)), d, "get", $"readCoreV1Namespaced{k}Status", d.ModelType, subresource: Subresource.Status);
            Describe(app.MapPut(status, (HttpContext ctx, string @namespace, string name, ResourceHandlers h) => h.UpdateAsync(ctx, s, @namespace, name, Subresource.Status)), d, "update", $"replaceCoreV1Namespaced{k}Status", d.ModelType, 200, BodyTypes, Subresource.Status);
            Describe(app.MapPatch(status, (HttpContext ctx, string @namespace, string name, ResourceHandlers h) => h.PatchAsync(ctx, s, @namespace, name, Subresource.Status)), d, "patch", $"patchCoreV1Namespaced{k}Status", d.ModelType, 200, PatchTypes, Subresource.Status);
        }
        Describe(app.MapGet($"/api/v1/{d.Plural}", (HttpContext ctx, ResourceHandlers h) => h.ListAsync(ctx, s, null)), d, "list", $"listCoreV1{k}ForAllNamespaces", d.ListType);
    }

    private static void MapClusterScoped(IEndpointRouteBuilder app, IResourceStrategy s)
    {
        var d = s.Descriptor;
        var collection = $"/api/v1/{d.Plural}";
        var item = collection + "/{name}";
        var k = d.Kind;

        Describe(app.MapGet(collection, (HttpContext ctx, ResourceHandlers h) => h.ListAsync(ctx, s, null)), d, "list", $"listCoreV1{k}", d.ListType);
        Describe(app.MapPost(collection, (HttpContext ctx, ResourceHandlers h) => h.CreateAsync(ctx, s, "")), d, "create", $"createCoreV1{k}", d.ModelType, 201, BodyTypes);
        if (d.SupportsDeleteCollection)
        {
            Describe(app.MapDelete(collection, (HttpContext ctx, ResourceHandlers h) => h.DeleteCollectionAsync(ctx, s, "")), d, "deletecollection", $"deleteCoreV1Collection{k}", d.ListType);
        }
        Describe(app.MapGet(item, (HttpContext ctx, string name, ResourceHandlers h) => h.GetAsync(ctx, s, "", name)), d, "get", $"readCoreV1{k}", d.ModelType);
        Describe(app.MapPut(item, (HttpContext ctx, string name, ResourceHandlers h) => h.UpdateAsync(ctx, s, "", name, Subresource.None)), d, "update", $"replaceCoreV1{k}", d.ModelType, 200, BodyTypes);
        Describe(app.MapPatch(item, (HttpContext ctx, string name, ResourceHandlers h) => h.PatchAsync(ctx, s, "", name, Subresource.None)), d, "patch", $"patchCoreV1{k}", d.ModelType, 200, PatchTypes);
        Describe(app.MapDelete(item, (HttpContext ctx, string name, ResourceHandlers h) => h.DeleteAsync(ctx, s, "", name)), d, "delete", $"deleteCoreV1{k}", d.ModelType);
        if (d.HasStatus)
        {
            var status = item + "/status";
            Describe(app.MapGet(status, (HttpContext ctx, string name, ResourceHandlers h) => h.GetAsync(ctx, s, "", name)), d, "get", $"readCoreV1{k}Status", d.ModelType, subresource: Subresource.Status);
            Describe(app.MapPut(status, (HttpContext ctx, string name, ResourceHandlers h) => h.UpdateAsync(ctx, s, "", name, Subresource.Status)), d, "update", $"replaceCoreV1{k}Status", d.ModelType, 200, BodyTypes, Subresource.Status);
            Describe(app.MapPatch(status, (HttpContext ctx, string name, ResourceHandlers h) => h.PatchAsync(ctx, s, "", name, Subresource.Status)), d, "patch", $"patchCoreV1{k}Status", d.ModelType, 200, PatchTypes, Subresource.Status);
        }
        if (s is IFinalizeStrategy)
        {
            Describe(app.MapPut(item + "/finalize", (HttpContext ctx, string name, ResourceHandlers h) => h.UpdateAsync(ctx, s, "", name, Subresource.Finalize)), d, "update", $"replaceCoreV1{k}Finalize", d.ModelType, 200, BodyTypes, Subresource.Finalize);
        }
    }

    private static void Describe(RouteHandlerBuilder b, ResourceDescriptor d, string verb, string operationId, Type response,
        int success = 200, string[]? accepts = null, Subresource subresource = Subresource.None)
    {
        b.WithName(operationId)
            .WithTags(d.Kind)
            .WithMetadata(new ResourceVerb(d, verb, subresource))
            .Produces(success, response)
            .Produces(400, typeof(V1Status))
            .Produces(404, typeof(V1Status));
        if (accepts is not null)
        {
            b.Accepts(accepts == PatchTypes ? typeof(object) : d.ModelType, accepts[0], accepts[1..]);
            b.Produces(409, typeof(V1Status)).Produces(422, typeof(V1Status));
        }
        if (verb == "update" && d.AllowCreateOnUpdate && subresource == Subresource.None)
        {
            b.Produces(201, d.ModelType);
        }
    }
}
