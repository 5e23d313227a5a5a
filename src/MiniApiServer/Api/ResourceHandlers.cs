using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Api.Codec;
using MiniApiServer.Api.Patching;
using MiniApiServer.Api.Requests;
using MiniApiServer.Api.Watch;
using MiniApiServer.Machinery;
using MiniApiServer.Registry;

namespace MiniApiServer.Api;

/// <summary>
/// The HTTP verbs of every resource, generic over the kind (upstream: endpoints/handlers/{get,create,update,
/// patch,delete}.go). Each handler parses the request, calls the registry, and writes the answer.
/// </summary>
internal sealed class ResourceHandlers(GenericRegistry registry, WatchHandler watches, Scheme scheme, TimeProvider time)
{
    public async Task GetAsync(HttpContext ctx, KindRegistration kind, string ns, string name)
    {
        var target = Begin(ctx, kind.Descriptor);
        await WriteObjectAsync(ctx, 200, kind, target, registry.Get(kind, ns, name));
    }

    public async Task ListAsync(HttpContext ctx, KindRegistration kind, string? ns)
    {
        var target = Begin(ctx, kind.Descriptor);
        if (QueryParameters.Bool(ctx.Request.Query, "watch"))
        {
            await watches.ServeAsync(ctx, kind, ns, target);
            return;
        }
        var list = await registry.ListAsync(kind, ns, ReadRequests.ListOptions(ctx.Request.Query), ctx.RequestAborted);
        await ResponseWriter.WriteListAsync(ctx, 200, kind, target, list, time.GetUtcNow().UtcDateTime);
    }

    /// <summary>
    /// The legacy watch paths (<c>/api/v1/watch/namespaces/{namespace}/pods[/{name}]</c>, deprecated upstream but
    /// served): a watch whatever the <c>watch</c> parameter says, of one object when the path names it.
    /// </summary>
    public async Task WatchAsync(HttpContext ctx, KindRegistration kind, string? ns, string? name)
    {
        var target = Begin(ctx, kind.Descriptor);
        await watches.ServeAsync(ctx, kind, ns, target, name);
    }

    public async Task CreateAsync(HttpContext ctx, KindRegistration kind, string ns)
    {
        var d = kind.Descriptor;
        var target = Begin(ctx, d);
        var (options, _, input, warnings) = await ReadObjectAsync(ctx, d, ns, "CreateOptions");
        var result = await registry.CreateAsync(kind, ns, input, options, ctx.RequestAborted);
        AddWarnings(ctx, warnings);
        await WriteObjectAsync(ctx, 201, kind, target, result.Json);
    }

    public async Task UpdateAsync(HttpContext ctx, KindRegistration kind, string ns, string name, Subresource subresource)
    {
        var d = kind.Descriptor;
        var target = Begin(ctx, d);
        var (options, node, decoded, warnings) = await ReadObjectAsync(ctx, d, ns, "UpdateOptions");
        CheckName(decoded.Model.Metadata?.Name, name);
        // Each attempt works on its own copy: the registry mutates the model it is given.
        var result = await registry.UpdateAsync(kind, ns, name,
            _ => new DecodedObject(ObjectDecoder.ToModel((JsonObject)node.DeepClone(), d), node), subresource, options, ctx.RequestAborted);
        AddWarnings(ctx, warnings);
        await WriteObjectAsync(ctx, result.Created ? 201 : 200, kind, target, result.Json);
    }

    /// <summary>
    /// POST to a subresource (<c>pods/{name}/binding</c>) or, without a name, to the collection of its input kind
    /// (<c>bindings</c>): the body is of the input kind, and the answer a Success Status whose code the create handler
    /// fills in (create.go), 201.
    /// </summary>
    public async Task CreateSubresourceAsync(HttpContext ctx, KindRegistration kind, string ns, string? name, Subresource subresource)
    {
        var d = kind.Descriptor;
        Begin(ctx, d);
        var input = d.Subresources.First(s => s.Kind == subresource).Input ?? d;
        var (options, _, decoded, warnings) = await ReadObjectAsync(ctx, input, ns, "CreateOptions");
        await registry.CreateSubresourceAsync(kind, ns, name, subresource, decoded, options, ctx.RequestAborted);
        AddWarnings(ctx, warnings);
        await ResponseWriter.WriteModelAsync(ctx, 201, new V1Status
        {
            ApiVersion = "v1",
            Kind = "Status",
            Metadata = new V1ListMeta(),
            Status = "Success",
            Code = 201,
        });
    }

    /// <summary>
    /// The write options and the decoded body of a POST or PUT: options validated, body read (bounded), parsed,
    /// checked against the kind and the URL's namespace, unknown fields handled per fieldValidation.
    /// </summary>
    private async Task<(WriteOptions Options, JsonObject Node, DecodedObject Decoded, List<string> Warnings)> ReadObjectAsync(
        HttpContext ctx, ResourceDescriptor d, string ns, string optionsKind)
    {
        var options = new WriteOptions(QueryParameters.DryRun(ctx.Request.Query, optionsKind));
        var mode = QueryParameters.FieldValidationMode(ctx.Request.Query, optionsKind);
        QueryParameters.CheckFieldManager(ctx.Request.Query, optionsKind);
        var body = await RequestBody.ReadAsync(ctx.Request, ctx.RequestAborted);
        var format = MediaTypes.ForRequestBody(ctx.Request.ContentType);
        var node = ObjectDecoder.ParseBody(body, format, d, scheme);
        var warnings = new List<string>();
        // The protobuf serializer has no strict mode (its StrictSerializer is itself): a protobuf body has no duplicate
        // fields, and fields unknown to the model are dropped as gogo drops unknown field numbers.
        var decoded = ObjectDecoder.Decode(node, format == WireFormat.Json ? body : default, d, scheme,
            format == WireFormat.Protobuf ? FieldValidation.Ignore : mode, warnings);
        CheckNamespace(decoded.Model.Metadata, ns, d);
        return (options, node, decoded, warnings);
    }

    public async Task PatchAsync(HttpContext ctx, KindRegistration kind, string ns, string name, Subresource subresource)
    {
        var d = kind.Descriptor;
        var target = Begin(ctx, d);
        var patchType = MediaTypes.ForPatchBody(ctx.Request.ContentType);
        if (patchType is not (PatchType.JsonPatch or PatchType.MergePatch))
        {
            throw HttpErrors.UnsupportedMediaType(ResourceRoutes.PatchTypes);
        }
        var options = new WriteOptions(QueryParameters.DryRun(ctx.Request.Query, "PatchOptions"));
        var mode = QueryParameters.FieldValidationMode(ctx.Request.Query, "PatchOptions");
        QueryParameters.CheckFieldManager(ctx.Request.Query, "PatchOptions");
        var body = await RequestBody.ReadAsync(ctx.Request, ctx.RequestAborted);
        JsonNode? patch;
        try
        {
            patch = patchType == PatchType.MergePatch ? JsonMergePatch.Parse(body) : JsonPatch.Parse(body);
        }
        catch (PatchException e)
        {
            throw e.ToApiException();
        }
        var warnings = new List<string>();
        var result = await registry.UpdateAsync(kind, ns, name, current =>
        {
            if (current is null)
            {
                throw ApiException.NotFound(d.GroupResource, name);
            }
            var patched = ApplyPatch(patchType, ObjectCodec.ToNode(current), patch);
            if (patched is not JsonObject obj)
            {
                throw ApiException.BadRequest($"the object provided is unrecognized (must be of type {d.Kind}): patch result is not an object");
            }
            warnings.Clear();
            var decoded = DecodePatched(obj, d, mode, warnings);
            CheckNamespace(decoded.Model.Metadata, ns, d);
            CheckName(decoded.Model.Metadata?.Name, name);
            return decoded;
        }, subresource, options, ctx.RequestAborted);
        AddWarnings(ctx, warnings);
        await WriteObjectAsync(ctx, 200, kind, target, result.Json);
    }

    public async Task DeleteAsync(HttpContext ctx, KindRegistration kind, string ns, string name)
    {
        var d = kind.Descriptor;
        var target = Begin(ctx, d);
        var options = await DeleteOptionsReader.ReadAsync(ctx);
        var result = await registry.DeleteAsync(kind, ns, name, options, ctx.RequestAborted);
        if (d.DeleteReturnsStatus && result.Removed)
        {
            await ResponseWriter.WriteModelAsync(ctx, 200, new V1Status
            {
                ApiVersion = "v1",
                Kind = "Status",
                Metadata = new V1ListMeta(),
                Status = "Success",
                Details = new V1StatusDetails { Name = name, Group = d.Group.Length == 0 ? null : d.Group, Kind = d.Plural, Uid = result.Uid },
            });
            return;
        }
        await WriteObjectAsync(ctx, 200, kind, target, result.Json);
    }

    /// <summary>DELETE on a collection: every object the list options select, answered with the list of what was deleted.</summary>
    public async Task DeleteCollectionAsync(HttpContext ctx, KindRegistration kind, string ns)
    {
        var target = Begin(ctx, kind.Descriptor);
        var options = await DeleteOptionsReader.ReadAsync(ctx);
        var deleted = await registry.DeleteCollectionAsync(kind, ns, ReadRequests.ListOptions(ctx.Request.Query), options, ctx.RequestAborted);
        await ResponseWriter.WriteListAsync(ctx, 200, kind, target, deleted, time.GetUtcNow().UtcDateTime);
    }

    private static JsonNode? ApplyPatch(PatchType type, JsonObject current, JsonNode? patch)
    {
        try
        {
            return type == PatchType.MergePatch ? JsonMergePatch.Apply(current, patch) : JsonPatch.Apply(current, patch);
        }
        catch (PatchException e)
        {
            throw e.ToApiException();
        }
    }

    /// <summary>
    /// A patch result is decoded like a body, but every decoding failure is a 422 on the field "patch" carrying the
    /// patched object (patch.go jsonPatcher.applyPatchToCurrentObject; the empty kind and name are upstream's quirk).
    /// </summary>
    private DecodedObject DecodePatched(JsonObject obj, ResourceDescriptor d, FieldValidation mode, List<string> warnings)
    {
        if (mode == FieldValidation.Strict)
        {
            var unknown = UnknownFields.Find(obj, d.ModelType, KubernetesJsonOptions.Default);
            if (unknown.Count > 0)
            {
                throw InvalidPatch(obj, "strict decoding error: " + string.Join(", ", unknown.Select(u => $"unknown field \"{u}\"")));
            }
        }
        try
        {
            return ObjectDecoder.Decode(obj, default, d, scheme, mode, warnings);
        }
        catch (ApiException e) when (e.Code == 400)
        {
            // runtime.DecodeInto's own error, without the "X in version v cannot be handled as Y" of a request body.
            var marker = $"cannot be handled as a {d.Kind}: ";
            var at = e.Message.IndexOf(marker, StringComparison.Ordinal);
            throw InvalidPatch(obj, at >= 0 ? e.Message[(at + marker.Length)..] : e.Message);
        }
    }

    private static ApiException InvalidPatch(JsonObject patched, string detail) =>
        ApiException.Invalid("", "", [FieldError.Invalid("patch", patched.ToJsonString(), detail)]);

    private static void CheckNamespace(V1ObjectMeta? meta, string ns, ResourceDescriptor d)
    {
        if (meta is null || !d.Namespaced)
        {
            return;
        }
        if (!string.IsNullOrEmpty(meta.NamespaceProperty) && meta.NamespaceProperty != ns)
        {
            throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
    }

    private static void CheckName(string? bodyName, string urlName)
    {
        if ((bodyName ?? "") != urlName)
        {
            throw ApiException.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({urlName})");
        }
    }

    private static void AddWarnings(HttpContext ctx, List<string> warnings)
    {
        foreach (var w in warnings)
        {
            ResponseWriter.AddWarning(ctx, w);
        }
    }

    /// <summary>
    /// Negotiates the response format and conversion before anything happens, as every upstream handler does first
    /// (negotiation.NegotiateOutputMediaType), so a 406 for an unservable Accept never follows a write that was carried
    /// out. (A conversion that does not fit the answer is refused when the answer is converted, as upstream does.)
    /// </summary>
    private static ResponseTarget Begin(HttpContext ctx, ResourceDescriptor d)
    {
        var target = MediaTypes.ForResource(ctx.Request.Headers.Accept.ToString());
        AddKindWarning(ctx, d);
        return target;
    }

    private Task WriteObjectAsync(HttpContext ctx, int status, KindRegistration kind, ResponseTarget target, byte[] json) =>
        ResponseWriter.WriteObjectAsync(ctx, status, kind, target, json, time.GetUtcNow().UtcDateTime);

    private static void AddKindWarning(HttpContext ctx, ResourceDescriptor d)
    {
        if (d.Warning is { } w)
        {
            ResponseWriter.AddWarning(ctx, w);
        }
    }
}
