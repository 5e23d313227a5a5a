namespace MiniApiServer.Tests.Api.OpenApi;

/// <summary>Every manifest in <c>api/examples/</c> is accepted by the server as it is written (YAML).</summary>
public sealed class ExampleManifestTests
{
    public static TheoryData<string> Examples() =>
        [.. Directory.GetFiles(RepositoryFiles.PathOf("api/examples"), "*.yaml").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Example_is_created(string file)
    {
        await using var server = ApiServer.Start();
        var yaml = await File.ReadAllTextAsync(RepositoryFiles.PathOf("api/examples/" + file));
        var kind = yaml.Split('\n').Single(l => l.StartsWith("kind:", StringComparison.Ordinal))["kind:".Length..].Trim();
        var collection = kind switch
        {
            "Namespace" => "/api/v1/namespaces",
            "Node" => "/api/v1/nodes",
            "Service" => "/api/v1/namespaces/default/services",
            "Pod" => "/api/v1/namespaces/default/pods",
            "Endpoints" => "/api/v1/namespaces/default/endpoints",
            _ => throw new Xunit.Sdk.XunitException($"{file}: no collection known for kind {kind}"),
        };
        var created = await HttpAssert.Json(await server.PostAsync(collection, yaml, "application/yaml"), 201);
        Assert.Equal(kind, (string?)created["kind"]);
        Assert.False(string.IsNullOrEmpty((string?)created["metadata"]!["resourceVersion"]));
    }

    [Fact]
    public async Task Selectorless_service_and_its_manual_endpoints_are_created_together()
    {
        await using var server = ApiServer.Start();
        var service = await File.ReadAllTextAsync(RepositoryFiles.PathOf("api/examples/my-service-selectorless.yaml"));
        var endpoints = await File.ReadAllTextAsync(RepositoryFiles.PathOf("api/examples/my-service-endpoints.yaml"));
        await HttpAssert.Json(await server.PostAsync("/api/v1/namespaces/default/services", service, "application/yaml"), 201);
        await HttpAssert.Json(await server.PostAsync("/api/v1/namespaces/default/endpoints", endpoints, "application/yaml"), 201);
        var stored = await HttpAssert.Json(await server.GetAsync("/api/v1/namespaces/default/endpoints/my-service"), 200);
        var subset = stored["subsets"]![0]!;
        Assert.Equal("192.0.2.42", (string?)subset["addresses"]![0]!["ip"]);
        Assert.Equal(9376, (int?)subset["ports"]![0]!["port"]);
        Assert.Equal("TCP", (string?)subset["ports"]![0]!["protocol"]);
    }
}
