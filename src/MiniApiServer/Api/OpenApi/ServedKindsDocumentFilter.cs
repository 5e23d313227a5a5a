using Microsoft.OpenApi;
using MiniApiServer.Registry;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace MiniApiServer.Api.OpenApi;

/// <summary>
/// Describes what the document covers from the catalog, so Swagger UI shows every served group: the description lists
/// each group version with its kinds, and each kind's tag (the operations are tagged by kind) names its group version
/// and resource (the kinds' own, and the input kinds also served as resources, such as <c>bindings</c>).
/// </summary>
internal sealed class ServedKindsDocumentFilter(ResourceCatalog catalog) : IDocumentFilter
{
    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        var groups = catalog.All.Select(k => k.Descriptor)
            .GroupBy(d => d.ApiVersion)
            .Select(g => $"{(g.Key == "v1" ? "core/v1" : g.Key)} ({string.Join(", ", g.Select(d => d.Kind + (d.Serves("create") ? "" : ", read-only")))})");
        swaggerDoc.Info.Description = "The Kubernetes API served by MiniApiServer: " + string.Join("; ", groups) + ". "
            + $"Objects are the Kubernetes v{ServerInfo.Major}.{ServerInfo.Minor} types; errors are Kubernetes Status objects.";
        swaggerDoc.Tags = new HashSet<OpenApiTag>(catalog.All.SelectMany(k => k.Descriptor.ServedResources).Select(d => new OpenApiTag
        {
            Name = d.Kind,
            Description = $"{d.ApiVersion} {d.Plural}" + (d.Namespaced ? " (namespaced)" : " (cluster-scoped)"),
        }));
    }
}
