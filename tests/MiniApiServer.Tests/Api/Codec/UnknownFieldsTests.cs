using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Api.Codec;
using MiniApiServer.Machinery;

namespace MiniApiServer.Tests.Api.Codec;

public sealed class UnknownFieldsTests
{
    private static IReadOnlyList<string> Unknown<T>(string json) =>
        UnknownFields.Find(JsonNode.Parse(json)!, typeof(T), KubernetesJsonOptions.Default);

    [Fact]
    public void Known_service_has_no_unknown_fields()
    {
        var json = """
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"web","labels":{"anything":"x"},"annotations":{"a/b":"c"},
            "creationTimestamp":"2024-05-01T10:20:30Z","ownerReferences":[{"apiVersion":"v1","kind":"Pod","name":"p","uid":"u"}]},
            "spec":{"ports":[{"port":80,"targetPort":"http","protocol":"TCP"}],"selector":{"app":"web"},"clusterIP":null},
            "status":{"loadBalancer":{}}}
            """;
        Assert.Empty(Unknown<V1Service>(json));
    }

    [Fact]
    public void Unknown_fields_are_reported_with_kube_paths_in_document_order()
    {
        var json = """
            {"apiVersion":"v1","kind":"Service","extra":1,"metadata":{"name":"web","futureMetaField":{"deep":1}},
            "spec":{"foo":true,"ports":[{"port":80},{"port":81,"bar":"x","targetPort":{"nested":1}}],"selector":{"app":"web"}}}
            """;
        Assert.Equal(["extra", "metadata.futureMetaField", "spec.foo", "spec.ports[1].bar"], Unknown<V1Service>(json));
    }

    [Fact]
    public void Map_contents_are_never_unknown()
    {
        Assert.Empty(Unknown<V1ConfigMap>("""{"data":{"spec.foo":"1","x":"y"},"binaryData":{"b":"AA=="},"metadata":{"labels":{"k":"v"}}}"""));
    }

    [Fact]
    public void Dictionary_values_that_are_models_are_walked()
    {
        var json = """{"spec":{"containers":[{"name":"c","resources":{"limits":{"cpu":"1"},"bogus":1}}]},"status":{"x":1}}""";
        Assert.Equal(["spec.containers[0].resources.bogus", "status.x"], Unknown<V1Pod>(json));
    }

    [Fact]
    public void Leaf_types_are_not_descended_into()
    {
        // IntOrString, ResourceQuantity and DateTime have their own converters: whatever is inside is theirs to reject.
        var json = """{"spec":{"ports":[{"targetPort":{"a":1}}]},"metadata":{"creationTimestamp":{"b":1}}}""";
        Assert.Empty(Unknown<V1Service>(json));
    }

    [Fact]
    public void Top_level_kind_and_api_version_are_known_even_for_types_without_them()
    {
        Assert.Equal(["metadata"], Unknown<V1ServicePort>("""{"apiVersion":"v1","kind":"X","metadata":{"kind":"Y"}}"""));
        Assert.Equal(["spec.ports[0].kind"], Unknown<V1Service>("""{"kind":"Service","spec":{"ports":[{"kind":"X"}]}}"""));
    }

    [Fact]
    public void Names_are_case_sensitive()
    {
        Assert.Equal(["Metadata", "spec.Ports"], Unknown<V1Service>("""{"Metadata":{"name":"a"},"spec":{"Ports":[]}}"""));
    }

    [Fact]
    public void Type_mismatches_and_nulls_are_left_to_the_decoder()
    {
        Assert.Empty(Unknown<V1Service>("""{"metadata":[{"x":1}],"spec":{"ports":{"x":1},"selector":null}}"""));
    }

    [Fact]
    public void Repeated_unknown_fields_are_reported_once_and_at_most_100()
    {
        var body = new JsonObject();
        for (var i = 0; i < 150; i++)
        {
            body["f" + i] = i;
        }
        var found = UnknownFields.Find(body, typeof(V1Service), KubernetesJsonOptions.Default);
        Assert.Equal(100, found.Count);
        Assert.Equal("f0", found[0]);
        Assert.Equal("f99", found[99]);
    }

    [Fact]
    public void Duplicate_keys_are_reported_with_their_paths()
    {
        var json = """
            {"metadata":{"name":"a","name":"b","labels":{"x":"1","x":"2"}},
             "spec":{"ports":[{"port":80},{"port":81,"port":82}],"ports":[]},"kind":"Service"}
            """;
        Assert.Equal(["metadata.name", "metadata.labels.x", "spec.ports[1].port", "spec.ports"], UnknownFields.FindDuplicates(json));
    }

    [Fact]
    public void Duplicate_keys_are_reported_in_document_order_at_any_depth()
    {
        Assert.Equal(["a[1][0].b", "kind"], UnknownFields.FindDuplicates("""{"kind":"A","a":[1,[{"b":1,"b":2}]],"kind":"B"}"""));
    }

    [Fact]
    public void A_key_repeated_three_times_is_reported_once()
    {
        Assert.Equal(["a"], UnknownFields.FindDuplicates(Encoding.UTF8.GetBytes("""{"a":1,"a":2,"a":3}""")));
    }

    [Fact]
    public void No_duplicates_in_an_ordinary_body()
    {
        Assert.Empty(UnknownFields.FindDuplicates("""{"a":{"a":{"a":1}},"b":[{"a":1},{"a":2}],"c":"a"}"""));
    }

    [Fact]
    public void Duplicate_search_rejects_malformed_json()
    {
        Assert.ThrowsAny<JsonException>(() => UnknownFields.FindDuplicates("""{"a":1,"a":"""));
    }
}
