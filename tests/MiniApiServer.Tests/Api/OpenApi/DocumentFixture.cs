using System.Text.Json.Nodes;

namespace MiniApiServer.Tests.Api.OpenApi;

/// <summary>The generated OpenAPI document, parsed once per test class.</summary>
public sealed class DocumentFixture : IAsyncLifetime
{
    public JsonObject Document { get; private set; } = [];

    public async Task InitializeAsync()
    {
        await using var server = ApiServer.Start();
        Document = JsonNode.Parse(CheckedInDocumentTests.Generate(server))!.AsObject();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public JsonObject Operation(string method, string path) =>
        Document["paths"]?[path]?[method]?.AsObject() ?? throw new Xunit.Sdk.XunitException($"{method.ToUpperInvariant()} {path} is not in the document");

    public JsonObject Schema(string name) => Document["components"]!["schemas"]![name]!.AsObject();
}
