using System.Security.Cryptography;
using System.Text.Json.Nodes;
using k8s.Models;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing.Patterns;
using MiniApiServer.Registry;

namespace MiniApiServer.Api.OpenApi;

/// <summary>One served document: its bytes and upstream's hash of them (the ETag and the index's <c>hash</c>).</summary>
internal sealed record ServedDocument(byte[] Json, string Hash)
{
    /// <summary>kube-openapi handler3 computeETag: SHA-512 of the JSON, upper-case hex.</summary>
    public static ServedDocument Of(JsonNode document)
    {
        var json = System.Text.Encoding.UTF8.GetBytes(document.ToJsonString());
        return new ServedDocument(json, Convert.ToHexString(SHA512.HashData(json)));
    }
}

/// <summary>
/// kube-apiserver's OpenAPI v3 documents, one per served group version (<c>api/v1</c>, <c>apis/{group}/{version}</c>),
/// built once from the routes themselves: every endpoint carrying a <see cref="ResourceVerb"/> becomes an operation
/// with the route's operation id, its verb's parameters (all inline, <c>fieldValidation</c> on every write),
/// <c>x-kubernetes-action</c> and <c>x-kubernetes-group-version-kind</c>, and the schemas of what it reads and
/// answers (<see cref="KubernetesSchemas"/>). A kind registered in the catalog therefore appears with no change here.
/// </summary>
internal sealed class GroupVersionDocuments
{
    private readonly Lazy<IReadOnlyDictionary<string, ServedDocument>> _documents;

    public GroupVersionDocuments(ResourceCatalog catalog, EndpointDataSource endpoints, KubernetesSchemas schemas)
    {
        _documents = new Lazy<IReadOnlyDictionary<string, ServedDocument>>(() => Build(catalog, endpoints, schemas));
    }

    /// <summary>The documents by group version path (<c>api/v1</c>, <c>apis/coordination.k8s.io/v1</c>), in discovery order.</summary>
    public IReadOnlyDictionary<string, ServedDocument> All => _documents.Value;

    /// <summary>The path of a group version under <c>/openapi/v3/</c>: the descriptor's path prefix without its slash.</summary>
    public static string PathOf(ResourceDescriptor d) => d.PathPrefix[1..];

    private static Dictionary<string, ServedDocument> Build(ResourceCatalog catalog, EndpointDataSource endpoints, KubernetesSchemas schemas)
    {
        var operations = endpoints.Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Endpoint: e, Verb: e.Metadata.GetMetadata<ResourceVerb>()))
            .Where(x => x.Verb is not null)
            .ToLookup(x => PathOf(x.Verb!.Descriptor), x => (x.Endpoint, Verb: x.Verb!));
        var documents = new Dictionary<string, ServedDocument>(StringComparer.Ordinal);
        foreach (var gv in catalog.All.Select(k => PathOf(k.Descriptor)).Distinct())
        {
            documents[gv] = ServedDocument.Of(Document(gv, operations[gv], schemas));
        }
        return documents;
    }

    private static JsonObject Document(string gv, IEnumerable<(RouteEndpoint Endpoint, ResourceVerb Verb)> operations, KubernetesSchemas schemas)
    {
        var models = new List<Type>();
        var paths = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var (endpoint, rv) in operations)
        {
            var path = endpoint.RoutePattern.RawText!;
            if (!paths.TryGetValue(path, out var item))
            {
                item = new JsonObject { ["parameters"] = PathParameters(endpoint.RoutePattern, rv.Descriptor.Kind) };
                paths[path] = item;
            }
            var method = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods[0].ToLowerInvariant();
            item[method] = Operation(gv, endpoint, rv, models);
        }
        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = ServerInfo.GitVersion },
            ["paths"] = new JsonObject(paths.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
            ["components"] = new JsonObject
            {
                ["schemas"] = schemas.Components(models),
                ["securitySchemes"] = new JsonObject
                {
                    ["BearerToken"] = new JsonObject
                    {
                        ["description"] = "Bearer Token authentication",
                        ["in"] = "header",
                        ["name"] = "authorization",
                        ["type"] = "apiKey",
                    },
                },
            },
        };
    }

    /// <summary>Upstream lists the path's parameters (and <c>pretty</c>) once for all its operations.</summary>
    private static JsonArray PathParameters(RoutePattern pattern, string kind)
    {
        var parameters = new JsonArray();
        foreach (var p in pattern.Parameters.OrderBy(p => p.Name == "namespace" ? 1 : 0))
        {
            parameters.Add(new JsonObject
            {
                ["name"] = p.Name,
                ["in"] = "path",
                ["description"] = VerbParameters.PathDescription(p.Name, kind),
                ["required"] = true,
                ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true },
            });
        }
        parameters.Add(Query(VerbParameters.Pretty));
        return parameters;
    }

    private static JsonObject Operation(string gv, RouteEndpoint endpoint, ResourceVerb rv, List<Type> models)
    {
        var d = rv.Descriptor;
        var operation = new JsonObject
        {
            ["tags"] = new JsonArray((gv.StartsWith("api/", StringComparison.Ordinal) ? "core_" : "") + Tag(d)),
            ["description"] = OperationSummary.Of(rv),
            ["operationId"] = endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()!.EndpointName,
        };
        var query = VerbParameters.Of(rv.Verb);
        if (query.Count > 0)
        {
            operation["parameters"] = new JsonArray([.. query.Select(q => (JsonNode)Query(q))]);
        }
        if (endpoint.Metadata.GetMetadata<IAcceptsMetadata>() is { } accepts)
        {
            operation["requestBody"] = new JsonObject
            {
                ["content"] = Content(accepts.ContentTypes, rv.Verb == "patch" ? null : Model(accepts.RequestType ?? d.ModelType, models)),
                ["required"] = true,
            };
        }
        else if (rv.Verb is "delete" or "deletecollection")
        {
            operation["requestBody"] = new JsonObject { ["content"] = Content(["application/json"], Model(typeof(V1DeleteOptions), models)) };
        }
        var responses = new JsonObject();
        foreach (var produced in endpoint.Metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>().Where(p => p.StatusCode < 300).DistinctBy(p => p.StatusCode))
        {
            responses[produced.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new JsonObject
            {
                ["description"] = produced.StatusCode == 201 ? "Created" : "OK",
                ["content"] = Content(["application/json", "application/yaml"], Model(produced.Type!, models)),
            };
        }
        responses["401"] = new JsonObject { ["description"] = "Unauthorized" };
        operation["responses"] = responses;
        operation["x-kubernetes-action"] = rv.Verb switch
        {
            "create" => "post",
            "update" => "put",
            _ => rv.Verb,
        };
        // A subresource is of its parent's kind, unless it is created with one of its own (pods/binding: Binding).
        var kind = d.Subresources.FirstOrDefault(s => s.Kind == rv.Subresource)?.ResponseKind(d) ?? d.Kind;
        operation["x-kubernetes-group-version-kind"] = KubernetesSchemas.Gvk(d.Group, d.Version, kind);
        return operation;
    }

    /// <summary>Upstream's tag of a group version: <c>core_v1</c>, <c>coordination_v1</c>, <c>networking_v1</c>.</summary>
    private static string Tag(ResourceDescriptor d) =>
        (d.Group.Length == 0 ? "" : d.Group.Replace(".k8s.io", "", StringComparison.Ordinal).Replace('.', '_') + "_") + d.Version;

    private static JsonObject Model(Type type, List<Type> models)
    {
        models.Add(type);
        return KubernetesSchemas.Ref(type);
    }

    /// <summary>One entry per media type; a PATCH body is upstream's meta/v1 Patch whatever its type.</summary>
    private static JsonObject Content(IEnumerable<string> mediaTypes, JsonObject? schema) =>
        new(mediaTypes.Select(m => KeyValuePair.Create(m, (JsonNode?)new JsonObject
        {
            ["schema"] = schema?.DeepClone() ?? new JsonObject { ["$ref"] = KubernetesSchemas.RefPrefix + KubernetesSchemas.PatchModel },
        })));

    private static JsonObject Query(QueryParameter p)
    {
        var schema = new JsonObject { ["type"] = p.Type, ["uniqueItems"] = true };
        if (p.Enum is { } values)
        {
            schema["enum"] = new JsonArray([.. values.Select(v => (JsonNode)v)]);
        }
        return new JsonObject
        {
            ["name"] = p.Name,
            ["in"] = "query",
            ["description"] = p.Description,
            ["schema"] = schema,
        };
    }
}
