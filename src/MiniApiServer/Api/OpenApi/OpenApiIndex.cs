using System.Text.Json.Nodes;

namespace MiniApiServer.Api.OpenApi;

/// <summary>The <c>/openapi/v3</c> index document (handler3's OpenAPIV3Discovery), built once from the documents.</summary>
internal sealed class OpenApiIndex(GroupVersionDocuments documents, DateTimeOffset lastModified)
{
    private readonly Lazy<ServedDocument> _index = new(() => ServedDocument.Of(new JsonObject
    {
        ["paths"] = new JsonObject(documents.All.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => KeyValuePair.Create(d.Key, (JsonNode?)new JsonObject
        {
            ["serverRelativeURL"] = ServerRelativeUrl(d.Key, d.Value.Hash),
        }))),
    }));

    public GroupVersionDocuments Documents => documents;

    public ServedDocument Index => _index.Value;

    /// <summary>When the documents were built: this process's start, as the served kinds cannot change while it runs.</summary>
    public DateTimeOffset LastModified { get; } = lastModified;

    /// <summary>handler3 constructServerRelativeURL.</summary>
    public static string ServerRelativeUrl(string groupVersion, string hash) => $"{OpenApiV3Endpoints.Root}/{groupVersion}?hash={hash}";
}
