using k8s.Models;
using Microsoft.OpenApi;
using MiniApiServer.Api.Requests;
using MiniApiServer.Registry;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace MiniApiServer.Api.OpenApi;

/// <summary>
/// Describes each resource operation as upstream's OpenAPI does (summary, path parameters, the query parameters
/// of its verb (<see cref="VerbParameters"/>), the DeleteOptions body of deletes), from the <see cref="ResourceVerb"/>
/// the route carries.
/// </summary>
internal sealed class KubernetesOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<ResourceVerb>().FirstOrDefault() is not { } rv)
        {
            return;
        }
        var d = rv.Descriptor;
        operation.Summary = OperationSummary.Of(rv);
        operation.Parameters ??= [];
        foreach (var p in operation.Parameters.OfType<OpenApiParameter>())
        {
            p.Description = VerbParameters.PathDescription(p.Name!, d.Kind) ?? p.Description;
        }
        foreach (var p in VerbParameters.Of(rv.Verb).Append(VerbParameters.Pretty))
        {
            operation.Parameters.Add(Query(p));
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

    private static OpenApiParameter Query(QueryParameter p) => new()
    {
        Name = p.Name,
        In = ParameterLocation.Query,
        Description = p.Description,
        Schema = p.Enum is { } values ? Enum([.. values]) : new OpenApiSchema
        {
            Type = p.Type switch
            {
                "integer" => JsonSchemaType.Integer,
                "boolean" => JsonSchemaType.Boolean,
                _ => JsonSchemaType.String,
            },
        },
    };

    private static OpenApiSchema Enum(params string[] values) => new()
    {
        Type = JsonSchemaType.String,
        Enum = [.. values.Select(v => (System.Text.Json.Nodes.JsonNode)v)],
    };
}
