using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using MiniApiServer.Api.Codec;
using MiniApiServer.Api.Requests;
using MiniApiServer.Registry;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace MiniApiServer.Api.OpenApi;

/// <summary>
/// Request body examples: the manifests of <c>api/examples/</c> (embedded in the assembly) for creating and
/// replacing objects of their kind, as JSON and as the YAML text itself, so Swagger UI's "Try it out" starts
/// from a body the server accepts; and one example per patch type.
/// </summary>
internal sealed class RequestExamples : IOperationFilter
{
    private const string ResourcePrefix = "MiniApiServer.Examples.";

    private static readonly Lazy<ILookup<string, Manifest>> ByKind = new(() => Load().ToLookup(m => m.Kind, StringComparer.Ordinal));

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<ResourceVerb>().FirstOrDefault() is not { Subresource: Subresource.None } rv
            || operation.RequestBody?.Content is not { } content)
        {
            return;
        }
        if (rv.Verb is "create" or "update")
        {
            var manifests = ByKind.Value[rv.Descriptor.Kind].ToList();
            SetExamples(content, "application/json", manifests.Select(m => (m, (JsonNode)m.Json.DeepClone())));
            SetExamples(content, "application/yaml", manifests.Select(m => (m, (JsonNode)JsonValue.Create(m.Yaml))));
        }
        else if (rv.Verb == "patch")
        {
            SetExample(content, "application/merge-patch+json", "Add a label", new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["tier"] = "frontend" } } });
            SetExample(content, "application/json-patch+json", "Add an annotation", new JsonArray(new JsonObject
            {
                ["op"] = "add",
                ["path"] = "/metadata/annotations",
                ["value"] = new JsonObject { ["note"] = "hello" },
            }));
        }
    }

    private static void SetExamples(IDictionary<string, IOpenApiMediaType> content, string mediaType, IEnumerable<(Manifest Manifest, JsonNode Value)> examples)
    {
        if (content.TryGetValue(mediaType, out var media) && media is OpenApiMediaType m)
        {
            m.Examples = examples.ToDictionary(e => e.Manifest.Name, e => (IOpenApiExample)new OpenApiExample
            {
                Summary = e.Manifest.Name + ".yaml",
                Description = e.Manifest.Description,
                Value = e.Value,
            });
        }
    }

    private static void SetExample(IDictionary<string, IOpenApiMediaType> content, string mediaType, string summary, JsonNode value)
    {
        if (content.TryGetValue(mediaType, out var media) && media is OpenApiMediaType m)
        {
            m.Examples = new Dictionary<string, IOpenApiExample> { ["example"] = new OpenApiExample { Summary = summary, Value = value } };
        }
    }

    /// <summary>Every embedded manifest, ordered by file name so that <c>my-service</c> comes before its variants.</summary>
    private static IEnumerable<Manifest> Load()
    {
        var assembly = typeof(RequestExamples).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames()
                     .Where(r => r.StartsWith(ResourcePrefix, StringComparison.Ordinal))
                     .Select(r => r[ResourcePrefix.Length..^".yaml".Length])
                     .Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(ResourcePrefix + resource + ".yaml")!;
            using var reader = new StreamReader(stream);
            var yaml = reader.ReadToEnd();
            var json = YamlJson.YamlToJson(yaml)!.AsObject();
            var description = string.Join(' ', yaml.Split('\n').TakeWhile(l => l.StartsWith('#')).Select(l => l.TrimStart('#').Trim()));
            yield return new Manifest(resource, (string)json["kind"]!, description, json, yaml);
        }
    }

    private sealed record Manifest(string Name, string Kind, string Description, JsonObject Json, string Yaml);
}
