using System.Globalization;
using k8s.Models;
using Microsoft.OpenApi;
using MiniApiServer.Machinery.Schema;

namespace MiniApiServer.Api.OpenApi;

/// <summary>
/// The OpenAPI document of the REST API (Swashbuckle) and Swagger UI at <c>/swagger</c>. The document is ours to
/// explore the API with; kubectl reads <c>/openapi/v3</c> (<see cref="OpenApiV3Endpoints"/>), whose documents name their
/// schemas the same way.
/// </summary>
internal static class OpenApiSetup
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/swagger/" + DocumentName + "/swagger.json";
    public const OpenApiSpecVersion SpecVersion = OpenApiSpecVersion.OpenApi3_0;

    public static IServiceCollection AddApiDocumentation(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc(DocumentName, new OpenApiInfo
            {
                Title = "MiniApiServer",
                Version = DocumentName,
            });
            // Both serialize as a bare JSON scalar (their converters in KubernetesClient), not as the object their
            // CLR shape suggests; upstream's OpenAPI describes them the same way.
            o.MapType<IntOrString>(() => new OpenApiSchema { Type = JsonSchemaType.Integer | JsonSchemaType.String, Format = "int-or-string" });
            o.MapType<ResourceQuantity>(() => new OpenApiSchema { Type = JsonSchemaType.String, Format = "quantity" });
            // Schemas are named as kube-apiserver names them (io.k8s.api.core.v1.Service), like /openapi/v3's.
            o.CustomSchemaIds(t => UpstreamModels.Of(t)?.Name ?? t.Name);
            o.SchemaFilter<KubernetesSchemaFilter>();
            o.OperationFilter<KubernetesOperationFilter>();
            o.OperationFilter<RequestExamples>();
            o.DocumentFilter<ServedKindsDocumentFilter>();
        });
        return services;
    }

    public static IApplicationBuilder UseApiDocumentation(this IApplicationBuilder app)
    {
        app.UseSwagger(o => o.OpenApiVersion = SpecVersion);
        app.UseSwaggerUI(o =>
        {
            o.SwaggerEndpoint(DocumentPath, "MiniApiServer " + DocumentName);
            o.DocumentTitle = "MiniApiServer API";
        });
        return app;
    }

    /// <summary>The document as <c>/swagger/v1/swagger.json</c> serves it (and as <c>api/openapi.json</c> holds it).</summary>
    public static string Serialize(OpenApiDocument document)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        document.SerializeAs(SpecVersion, new OpenApiJsonWriter(text));
        return text.ToString();
    }
}
