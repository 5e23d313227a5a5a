using k8s.Models;
using Microsoft.OpenApi;
using MiniApiServer.Api.Requests;
using MiniApiServer.Registry;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace MiniApiServer.Api.OpenApi;

/// <summary>
/// Describes each resource operation as upstream's OpenAPI does (summary, path parameters, the query parameters
/// of its verb, the DeleteOptions body of deletes), from the <see cref="ResourceVerb"/> the route carries.
/// Texts follow kube-apiserver's <c>api/openapi-spec/v3/api__v1_openapi.json</c>, shortened where this
/// server serves less.
/// </summary>
internal sealed class KubernetesOperationFilter : IOperationFilter
{
    private static OpenApiParameter Pretty() => Query("pretty", JsonSchemaType.String,
        "If 'true', then the output is pretty printed. Accepted for compatibility; this server always answers compact JSON.");

    private static OpenApiParameter[] ListParameters() =>
    [
        Query("labelSelector", JsonSchemaType.String,
            "A selector to restrict the list of returned objects by their labels (=, ==, !=, in, notin, exists, !key). Defaults to everything."),
        Query("fieldSelector", JsonSchemaType.String,
            "A selector to restrict the list of returned objects by their fields (metadata.name, metadata.namespace and the kind's own field labels). Defaults to everything."),
        Query("limit", JsonSchemaType.Integer,
            "limit is a maximum number of responses to return for a list call. If more items exist, the server will set the `continue` field on the list metadata to a value that can be used with the same initial query to retrieve the next set of results."),
        Query("continue", JsonSchemaType.String,
            "The continue option should be set when retrieving more results from the server: the value of `metadata.continue` of the previous page, with otherwise identical query parameters."),
        ResourceVersion(),
        ResourceVersionMatch(),
    ];

    /// <summary>The list verb also serves watch (<c>?watch=true</c>): its stream options.</summary>
    private static OpenApiParameter[] WatchParameters() =>
    [
        Query("watch", JsonSchemaType.Boolean,
            "Watch for changes to the described resources and return them as a stream of add, update, and remove notifications (one JSON object per line). Specify resourceVersion."),
        Query("allowWatchBookmarks", JsonSchemaType.Boolean,
            "allowWatchBookmarks requests watch events with type \"BOOKMARK\", carrying only the current resourceVersion."),
        Query("timeoutSeconds", JsonSchemaType.Integer,
            "Timeout for the list/watch call: the watch stream ends cleanly after this many seconds."),
        Query("sendInitialEvents", JsonSchemaType.Boolean,
            "With watch=true and resourceVersionMatch=NotOlderThan: send the current state as ADDED events, then a BOOKMARK annotated \"k8s.io/initial-events-end\": \"true\"."),
    ];

    private static OpenApiParameter[] WriteParameters() =>
    [
        DryRun(),
        Query("fieldManager", JsonSchemaType.String,
            "fieldManager is a name associated with the actor or entity that is making these changes. Accepted for compatibility; this server does not track managedFields yet."),
        new()
        {
            Name = "fieldValidation",
            In = ParameterLocation.Query,
            Description = "fieldValidation instructs the server on how to handle objects in the request containing unknown or duplicate fields: "
                + "Ignore drops them silently, Warn (the default) drops them and sends a Warning header for each, Strict fails the request with a BadRequest error.",
            Schema = Enum("Ignore", "Warn", "Strict"),
        },
    ];

    private static OpenApiParameter[] DeleteParameters() =>
    [
        DryRun(),
        Query("gracePeriodSeconds", JsonSchemaType.Integer,
            "The duration in seconds before the object should be deleted. Value must be non-negative integer. The value zero indicates delete immediately. "
            + "If this value is nil, the default grace period for the specified type will be used."),
        new()
        {
            Name = "propagationPolicy",
            In = ParameterLocation.Query,
            Description = "Whether and how garbage collection will be performed: 'Orphan', 'Background' or 'Foreground'.",
            Schema = Enum("Background", "Foreground", "Orphan"),
        },
    ];

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<ResourceVerb>().FirstOrDefault() is not { } rv)
        {
            return;
        }
        var d = rv.Descriptor;
        operation.Summary = Summary(rv);
        operation.Parameters ??= [];
        foreach (var p in operation.Parameters.OfType<OpenApiParameter>())
        {
            p.Description = p.Name switch
            {
                "namespace" => "object name and auth scope, such as for teams and projects",
                "name" => $"name of the {d.Kind}",
                _ => p.Description,
            };
        }
        IEnumerable<OpenApiParameter> query = rv.Verb switch
        {
            "list" => [.. ListParameters(), .. WatchParameters()],
            "watch" or "watchlist" => [.. ListParameters(), .. WatchParameters().Where(p => p.Name != "watch")],
            "create" or "update" or "patch" => WriteParameters(),
            "delete" => DeleteParameters(),
            // DELETE on a collection selects like a list (limit and continue do not apply) and deletes each item.
            "deletecollection" => [.. ListParameters().Where(p => p.Name is not ("limit" or "continue")), .. DeleteParameters()],
            _ => [],
        };
        foreach (var p in query.Append(Pretty()))
        {
            operation.Parameters.Add(p);
        }
        if (rv.Verb == "patch" && operation.RequestBody?.Content is { } content)
        {
            SetSchema(content, "application/merge-patch+json", new OpenApiSchema { Type = JsonSchemaType.Object, Description = "A JSON merge patch (RFC 7386)." });
            SetSchema(content, "application/json-patch+json", JsonPatch());
        }
        if (rv.Verb is "delete" or "deletecollection")
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Description = "DeleteOptions; when given, its fields take precedence over the query parameters.",
                Content = new Dictionary<string, IOpenApiMediaType>
                {
                    ["application/json"] = new OpenApiMediaType { Schema = context.SchemaGenerator.GenerateSchema(typeof(V1DeleteOptions), context.SchemaRepository) },
                },
            };
        }
    }

    private static void SetSchema(IDictionary<string, IOpenApiMediaType> content, string mediaType, OpenApiSchema schema)
    {
        if (content.TryGetValue(mediaType, out var media) && media is OpenApiMediaType m)
        {
            m.Schema = schema;
        }
    }

    /// <summary>A JSON patch (RFC 6902): an array of operations.</summary>
    private static OpenApiSchema JsonPatch() => new()
    {
        Type = JsonSchemaType.Array,
        Description = "A JSON patch (RFC 6902).",
        Items = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string>(["op", "path"]),
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["op"] = Enum("add", "remove", "replace", "move", "copy", "test"),
                ["path"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["from"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["value"] = new OpenApiSchema(),
            },
        },
    };

    /// <summary>The operation descriptions of k8s.io/apiserver/pkg/endpoints/installer.go (without "or watch": no watch yet).</summary>
    private static string Summary(ResourceVerb rv)
    {
        var kind = rv.Descriptor.Kind;
        var part = rv.Subresource switch
        {
            Subresource.Status => "status",
            Subresource.Finalize => "finalize",
            Subresource.Binding => "binding",
            _ => null,
        };
        if (part is not null)
        {
            return rv.Verb switch
            {
                "create" => $"create {part} of{Article(kind)}{kind}",
                "get" => $"read {part} of the specified {kind}",
                "update" => $"replace {part} of the specified {kind}",
                _ => $"partially update {part} of the specified {kind}",
            };
        }
        return rv.Verb switch
        {
            "list" => $"list objects of kind {kind}",
            "watchlist" => $"watch individual changes to a list of {kind}. deprecated: use the 'watch' parameter with a list operation instead.",
            "watch" => $"watch changes to an object of kind {kind}. deprecated: use the 'watch' parameter with a list operation instead, filtered to a single item with the 'fieldSelector' parameter.",
            "create" => $"create{Article(kind)}{kind}",
            "get" => $"read the specified {kind}",
            "update" => $"replace the specified {kind}",
            "patch" => $"partially update the specified {kind}",
            "delete" => $"delete{Article(kind)}{kind}",
            _ => $"delete collection of {kind}",
        };
    }

    /// <summary>installer.go GetArticleForNoun: plural-looking kinds (Endpoints) take no article.</summary>
    private static string Article(string kind) =>
        kind.EndsWith('s') && !kind.EndsWith("ss", StringComparison.Ordinal) ? " "
        : "AEIOUaeiou".Contains(kind[0], StringComparison.Ordinal) ? " an " : " a ";

    private static OpenApiParameter Query(string name, JsonSchemaType type, string description) => new()
    {
        Name = name,
        In = ParameterLocation.Query,
        Description = description,
        Schema = new OpenApiSchema { Type = type },
    };

    private static OpenApiParameter DryRun() => new()
    {
        Name = "dryRun",
        In = ParameterLocation.Query,
        Description = "When present, indicates that modifications should not be persisted. Valid values are: - All: all dry run stages will be processed",
        Schema = Enum("All"),
    };

    private static OpenApiParameter ResourceVersion() => Query("resourceVersion", JsonSchemaType.String,
        "resourceVersion sets a constraint on what resource versions a request may be served from. Defaults to unset (the most recent).");

    private static OpenApiParameter ResourceVersionMatch() => new()
    {
        Name = "resourceVersionMatch",
        In = ParameterLocation.Query,
        Description = "resourceVersionMatch determines how resourceVersion is applied to list calls. It is highly recommended that "
            + "resourceVersionMatch be set for list calls where resourceVersion is set.",
        Schema = Enum("Exact", "NotOlderThan"),
    };

    private static OpenApiSchema Enum(params string[] values) => new()
    {
        Type = JsonSchemaType.String,
        Enum = [.. values.Select(v => (System.Text.Json.Nodes.JsonNode)v)],
    };
}
