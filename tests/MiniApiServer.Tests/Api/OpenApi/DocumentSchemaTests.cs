using System.Text.Json.Nodes;

namespace MiniApiServer.Tests.Api.OpenApi;

/// <summary>The schemas and parameters that reflection alone gets wrong.</summary>
public sealed class DocumentSchemaTests(DocumentFixture fixture) : IClassFixture<DocumentFixture>
{
    [Fact]
    public void IntOrString_is_an_integer_or_a_string()
    {
        var targetPort = fixture.Schema("io.k8s.api.core.v1.ServicePort")["properties"]!["targetPort"]!;
        Assert.Equal("int-or-string", (string?)targetPort["format"]);
        Assert.Equal(["integer", "string"], targetPort["anyOf"]!.AsArray().Select(s => (string?)s!["type"]));
    }

    [Fact]
    public void Quantities_are_strings()
    {
        var limits = fixture.Schema("io.k8s.api.core.v1.ResourceRequirements")["properties"]!["limits"]!;
        Assert.Equal("string", (string?)limits["additionalProperties"]!["type"]);
        Assert.Equal("quantity", (string?)limits["additionalProperties"]!["format"]);
    }

    [Fact]
    public void Status_has_only_wire_fields()
    {
        Assert.Equal(["apiVersion", "code", "details", "kind", "message", "metadata", "reason", "status"],
            fixture.Schema("io.k8s.apimachinery.pkg.apis.meta.v1.Status")["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Kubernetes_fields_are_optional_not_nullable()
    {
        Assert.DoesNotContain("\"nullable\"", fixture.Document.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("get", "/api/v1/namespaces/{namespace}/services", "labelSelector,fieldSelector,limit,continue,resourceVersion,resourceVersionMatch,watch,allowWatchBookmarks,timeoutSeconds,sendInitialEvents,pretty")]
    [InlineData("get", "/api/v1/pods", "labelSelector,fieldSelector,limit,continue,resourceVersion,resourceVersionMatch,watch,allowWatchBookmarks,timeoutSeconds,sendInitialEvents,pretty")]
    [InlineData("post", "/api/v1/namespaces/{namespace}/services", "dryRun,fieldManager,fieldValidation,pretty")]
    [InlineData("put", "/api/v1/namespaces/{namespace}/pods/{name}/status", "dryRun,fieldManager,fieldValidation,pretty")]
    [InlineData("patch", "/api/v1/namespaces/{name}", "dryRun,fieldManager,fieldValidation,pretty")]
    [InlineData("delete", "/api/v1/namespaces/{namespace}/pods/{name}", "dryRun,gracePeriodSeconds,propagationPolicy,pretty")]
    [InlineData("delete", "/api/v1/namespaces/{namespace}/endpoints", "labelSelector,fieldSelector,resourceVersion,resourceVersionMatch,dryRun,gracePeriodSeconds,propagationPolicy,pretty")]
    [InlineData("get", "/api/v1/namespaces/{namespace}/services/{name}", "pretty")]
    public void Verbs_carry_their_kubernetes_query_parameters(string method, string path, string expected)
    {
        var query = fixture.Operation(method, path)["parameters"]!.AsArray()
            .Where(p => (string?)p!["in"] == "query")
            .Select(p => (string?)p!["name"]);
        Assert.Equal(expected.Split(','), query);
    }

    [Theory]
    [InlineData("post", "/api/v1/namespaces/{namespace}/services", "create a Service")]
    [InlineData("post", "/api/v1/namespaces/{namespace}/endpoints", "create Endpoints")]
    [InlineData("delete", "/api/v1/namespaces/{namespace}/endpoints/{name}", "delete Endpoints")]
    [InlineData("delete", "/api/v1/namespaces/{namespace}/pods", "delete collection of Pod")]
    [InlineData("patch", "/api/v1/namespaces/{namespace}/pods/{name}/status", "partially update status of the specified Pod")]
    [InlineData("put", "/api/v1/namespaces/{name}/finalize", "replace finalize of the specified Namespace")]
    [InlineData("get", "/api/v1/services", "list objects of kind Service")]
    public void Operations_are_summarized_as_upstream_does(string method, string path, string summary)
    {
        Assert.Equal(summary, (string?)fixture.Operation(method, path)["summary"]);
    }

    [Fact]
    public void Parameters_are_described()
    {
        foreach (var (path, item) in fixture.Document["paths"]!.AsObject())
        {
            foreach (var (method, op) in item!.AsObject())
            {
                Assert.False(string.IsNullOrEmpty((string?)op!["summary"]), $"{method} {path} has no summary");
                foreach (var p in op["parameters"]?.AsArray() ?? [])
                {
                    Assert.False(string.IsNullOrEmpty((string?)p!["description"]), $"{method} {path} parameter {p["name"]} has no description");
                }
            }
        }
    }

    [Fact]
    public void Enumerated_query_parameters_list_their_values()
    {
        var parameters = fixture.Operation("post", "/api/v1/namespaces/{namespace}/pods")["parameters"]!.AsArray();
        var fieldValidation = parameters.Single(p => (string?)p!["name"] == "fieldValidation")!;
        Assert.Equal(["Ignore", "Warn", "Strict"], fieldValidation["schema"]!["enum"]!.AsArray().Select(v => (string?)v));
    }

    [Fact]
    public void Create_service_example_is_my_service_from_the_checked_in_manifest()
    {
        var content = fixture.Operation("post", "/api/v1/namespaces/{namespace}/services")["requestBody"]!["content"]!;
        var examples = content["application/json"]!["examples"]!.AsObject();
        Assert.Equal(["my-service", "my-service-selectorless"], examples.Select(e => e.Key));
        var manifest = File.ReadAllText(RepositoryFiles.PathOf("api/examples/my-service.yaml"));
        Assert.Equal(manifest.ReplaceLineEndings("\n"), ((string?)content["application/yaml"]!["examples"]!["my-service"]!["value"])?.ReplaceLineEndings("\n"));
        var json = examples["my-service"]!["value"]!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"my-service"},
             "spec":{"selector":{"app":"MyApp"},"ports":[{"protocol":"TCP","port":80,"targetPort":9376}]}}
            """), json), json.ToJsonString());
    }

    [Theory]
    [InlineData("/api/v1/namespaces/{namespace}/pods", "my-app-pod")]
    [InlineData("/api/v1/namespaces/{namespace}/endpoints", "my-service-endpoints")]
    [InlineData("/api/v1/namespaces", "development-namespace")]
    public void Every_kind_has_its_create_example(string path, string example)
    {
        var examples = fixture.Operation("post", path)["requestBody"]!["content"]!["application/json"]!["examples"]!.AsObject();
        Assert.Equal([example], examples.Select(e => e.Key));
    }
}
