using k8s.Models;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace MiniApiServer.Api.OpenApi;

/// <summary>
/// Corrects what reflection over the k8s.Models types gets wrong. The models are nullable-oblivious, so every
/// property would be marked nullable; upstream's OpenAPI describes optional fields as simply not required, and
/// so do we. <see cref="V1Status"/> also carries a client-side helper property (<c>HasObject</c>) that is not
/// part of the wire type.
/// </summary>
internal sealed class KubernetesSchemaFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (context.Type.Namespace != typeof(V1Status).Namespace || schema is not OpenApiSchema { Properties: { } properties })
        {
            return;
        }
        if (context.Type == typeof(V1Status))
        {
            properties.Remove("hasObject");
        }
        foreach (var property in properties.Values)
        {
            NotNullable(property);
        }
    }

    private static void NotNullable(IOpenApiSchema? schema)
    {
        if (schema is OpenApiSchema s)
        {
            s.Type &= ~JsonSchemaType.Null;
            NotNullable(s.Items);
            NotNullable(s.AdditionalProperties);
        }
    }
}
