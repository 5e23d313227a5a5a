using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MiniApiServer.Registry;

namespace MiniApiServer.Tests.Api.OpenApi;

/// <summary>Every served group version's document, fetched once for the class.</summary>
public sealed class OpenApiV3Fixture : IAsyncLifetime
{
    public Dictionary<string, JsonObject> Documents { get; } = [];

    /// <summary>The descriptors of every served resource (bindings included), for checks over all of them.</summary>
    internal List<ResourceDescriptor> Served { get; private set; } = [];

    public async Task InitializeAsync()
    {
        await using var server = ApiServer.Start();
        Served = [.. server.Services.GetRequiredService<ResourceCatalog>().All.SelectMany(k => k.Descriptor.ServedResources)];
        foreach (var (gv, entry) in (await server.GetJsonAsync("/openapi/v3"))["paths"]!.AsObject())
        {
            Documents[gv] = await server.GetJsonAsync((string)entry!["serverRelativeURL"]!);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public JsonObject Schema(string gv, string name) =>
        Documents[gv]["components"]!["schemas"]![name]?.AsObject() ?? throw new Xunit.Sdk.XunitException($"{name} is not in {gv}");

    public JsonObject Property(string gv, string schema, string property) => Schema(gv, schema)["properties"]![property]!.AsObject();

    /// <summary>Every operation of every document: (group version, path, method, operation).</summary>
    public IEnumerable<(string Gv, string Path, string Method, JsonObject Operation)> Operations() =>
        from d in Documents
        from p in d.Value["paths"]!.AsObject()
        from o in p.Value!.AsObject()
        where o.Key != "parameters"
        select (d.Key, p.Key, o.Key, o.Value!.AsObject());
}

/// <summary>
/// What kubectl reads in the documents (kubectl-wire.md §1.6, §1.7, §9.4): operations with upstream's ids, an inline
/// <c>fieldValidation</c> and a group version kind; schemas named as upstream with descriptions, required fields,
/// enums and the list and map extensions.
/// </summary>
public sealed class OpenApiV3DocumentTests(OpenApiV3Fixture fixture) : IClassFixture<OpenApiV3Fixture>
{
    private const string Core = "api/v1";
    private const string Service = "io.k8s.api.core.v1.Service";

    [Fact]
    public void Every_write_has_an_inline_field_validation_parameter()
    {
        var writes = fixture.Operations().Where(o => o.Method is "patch" or "post" or "put").ToList();
        Assert.NotEmpty(writes);
        Assert.All(writes, o => Assert.True(
            o.Operation["parameters"]!.AsArray().Any(p => (string?)p!["name"] == "fieldValidation" && (string?)p["in"] == "query"),
            $"{o.Method} {o.Path} has no inline fieldValidation"));
    }

    [Fact]
    public void Every_served_kind_has_a_patch_operation_with_its_group_version_kind()
    {
        var patches = fixture.Operations().Where(o => o.Method == "patch").Select(o => o.Operation["x-kubernetes-group-version-kind"]!).ToList();
        foreach (var d in fixture.Served.Where(d => d.Serves("patch")))
        {
            Assert.Contains(patches, gvk => (string?)gvk["group"] == d.Group && (string?)gvk["version"] == d.Version && (string?)gvk["kind"] == d.Kind);
        }
        Assert.All(fixture.Operations(), o =>
        {
            Assert.IsType<JsonObject>(o.Operation["x-kubernetes-group-version-kind"]);
            Assert.NotNull(o.Operation["x-kubernetes-action"]);
            Assert.NotNull(o.Operation["operationId"]);
        });
    }

    [Fact]
    public void Operations_carry_upstream_ids_actions_and_bodies()
    {
        var item = fixture.Documents[Core]["paths"]!["/api/v1/namespaces/{namespace}/services/{name}"]!;
        var patch = item["patch"]!;
        Assert.Equal("patchCoreV1NamespacedService", (string?)patch["operationId"]);
        Assert.Equal("patch", (string?)patch["x-kubernetes-action"]);
        Assert.Equal(JsonNode.Parse("""{"group":"","kind":"Service","version":"v1"}"""), patch["x-kubernetes-group-version-kind"], JsonNode.DeepEquals);
        Assert.Equal("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Patch",
            (string?)patch["requestBody"]!["content"]!["application/merge-patch+json"]!["schema"]!["$ref"]);
        Assert.Equal("put", (string?)item["put"]!["x-kubernetes-action"]);
        Assert.Equal("#/components/schemas/" + Service, (string?)item["put"]!["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]);

        var create = fixture.Documents[Core]["paths"]!["/api/v1/namespaces/{namespace}/services"]!["post"]!;
        Assert.Equal(("createCoreV1NamespacedService", "post"), ((string?)create["operationId"], (string?)create["x-kubernetes-action"]));
        Assert.Equal("#/components/schemas/" + Service, (string?)create["responses"]!["201"]!["content"]!["application/json"]!["schema"]!["$ref"]);

        var binding = fixture.Documents[Core]["paths"]!["/api/v1/namespaces/{namespace}/pods/{name}/binding"]!["post"]!;
        Assert.Equal("Binding", (string?)binding["x-kubernetes-group-version-kind"]!["kind"]);
        var lease = fixture.Documents["apis/coordination.k8s.io/v1"]["paths"]!["/apis/coordination.k8s.io/v1/namespaces/{namespace}/leases/{name}"]!["get"]!;
        Assert.Equal(("readCoordinationV1NamespacedLease", "get"), ((string?)lease["operationId"], (string?)lease["x-kubernetes-action"]));
        Assert.Equal(JsonNode.Parse("""["coordination_v1"]"""), lease["tags"], JsonNode.DeepEquals);
    }

    [Fact]
    public void Every_reference_resolves_in_its_own_document()
    {
        foreach (var (gv, document) in fixture.Documents)
        {
            var schemas = document["components"]!["schemas"]!.AsObject();
            var refs = Descendants(document).OfType<JsonObject>().Select(o => (string?)o["$ref"]).OfType<string>().Distinct().ToList();
            Assert.NotEmpty(refs);
            Assert.All(refs, r => Assert.True(schemas.ContainsKey(r["#/components/schemas/".Length..]), $"{gv}: {r} does not resolve"));
        }
    }

    [Fact]
    public void Kind_schemas_are_named_as_upstream_with_their_group_version_kinds()
    {
        var service = fixture.Schema(Core, Service);
        Assert.Equal(JsonNode.Parse("""[{"group":"","kind":"Service","version":"v1"}]"""), service["x-kubernetes-group-version-kind"], JsonNode.DeepEquals);
        Assert.Equal("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", (string?)service["properties"]!["metadata"]!["allOf"]![0]!["$ref"]);
        Assert.Equal("int-or-string", (string?)fixture.Schema(Core, "io.k8s.apimachinery.pkg.util.intstr.IntOrString")["format"]);
        Assert.Equal("#/components/schemas/io.k8s.api.core.v1.EndpointPort",
            (string?)fixture.Property(Core, "io.k8s.api.core.v1.EndpointSubset", "ports")["items"]!["allOf"]![0]!["$ref"]);
        Assert.Equal("#/components/schemas/io.k8s.api.discovery.v1.EndpointPort",
            (string?)fixture.Property("apis/discovery.k8s.io/v1", "io.k8s.api.discovery.v1.EndpointSlice", "ports")["items"]!["allOf"]![0]!["$ref"]);
        Assert.NotNull(fixture.Schema("apis/coordination.k8s.io/v1", "io.k8s.api.coordination.v1.Lease")["x-kubernetes-group-version-kind"]);
    }

    [Fact]
    public void Schemas_carry_descriptions_required_fields_and_enums()
    {
        var ports = fixture.Property(Core, "io.k8s.api.core.v1.ServiceSpec", "ports");
        Assert.StartsWith("The list of ports that are exposed by this service.", (string?)ports["description"], StringComparison.Ordinal);
        Assert.Equal("ServicePort contains information on service's port.", (string?)fixture.Schema(Core, "io.k8s.api.core.v1.ServicePort")["description"]);
        Assert.Equal(JsonNode.Parse("""["port"]"""), fixture.Schema(Core, "io.k8s.api.core.v1.ServicePort")["required"], JsonNode.DeepEquals);
        Assert.Equal(JsonNode.Parse("""["SCTP","TCP","UDP"]"""), fixture.Property(Core, "io.k8s.api.core.v1.ServicePort", "protocol")["enum"], JsonNode.DeepEquals);
        Assert.Equal(JsonNode.Parse("""["","IPv4","IPv6"]"""), fixture.Property(Core, "io.k8s.api.core.v1.ServiceSpec", "ipFamilies")["items"]!["enum"], JsonNode.DeepEquals);
    }

    [Fact]
    public void Lists_and_maps_carry_their_merge_extensions()
    {
        Assert.Equal(JsonNode.Parse("""
            {"x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["port","protocol"],"x-kubernetes-patch-merge-key":"port","x-kubernetes-patch-strategy":"merge"}
            """), Extensions(fixture.Property(Core, "io.k8s.api.core.v1.ServiceSpec", "ports")), JsonNode.DeepEquals);
        Assert.Equal(JsonNode.Parse("""
            {"x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name"],"x-kubernetes-patch-merge-key":"name","x-kubernetes-patch-strategy":"merge"}
            """), Extensions(fixture.Property(Core, "io.k8s.api.core.v1.PodSpec", "containers")), JsonNode.DeepEquals);
        Assert.Equal(JsonNode.Parse("""{"x-kubernetes-list-type":"set","x-kubernetes-patch-strategy":"merge"}"""),
            Extensions(fixture.Property(Core, "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "finalizers")), JsonNode.DeepEquals);
        Assert.Equal("merge,retainKeys", (string?)fixture.Property(Core, "io.k8s.api.core.v1.PodSpec", "volumes")["x-kubernetes-patch-strategy"]);
        Assert.Equal("atomic", (string?)fixture.Property(Core, "io.k8s.api.core.v1.ServiceSpec", "selector")["x-kubernetes-map-type"]);
        Assert.Equal("granular", (string?)fixture.Property(Core, "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "labels")["x-kubernetes-map-type"]);
    }

    [Fact]
    public void Every_list_and_map_property_of_every_schema_has_its_type_extension()
    {
        var missing = new List<string>();
        foreach (var (gv, document) in fixture.Documents)
        {
            foreach (var (name, schema) in document["components"]!["schemas"]!.AsObject())
            {
                foreach (var (property, value) in schema!["properties"]?.AsObject() ?? [])
                {
                    var type = (string?)value!["type"];
                    if (type == "array" && value["x-kubernetes-list-type"] is null
                        || type == "object" && value["additionalProperties"] is not null && value["x-kubernetes-map-type"] is null)
                    {
                        missing.Add($"{gv} {name}.{property}");
                    }
                }
            }
        }
        Assert.True(missing.Count == 0, "without list or map type: " + string.Join(", ", missing));
    }

    private static JsonObject Extensions(JsonObject schema) =>
        new(schema.Where(p => p.Key.StartsWith("x-kubernetes-", StringComparison.Ordinal)).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));

    private static IEnumerable<JsonNode> Descendants(JsonNode node)
    {
        yield return node;
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a,
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>().SelectMany(Descendants))
        {
            yield return child;
        }
    }
}
