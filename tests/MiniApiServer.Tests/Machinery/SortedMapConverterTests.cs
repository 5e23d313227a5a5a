using System.Text.Json;
using k8s.Models;
using MiniApiServer.Machinery;

namespace MiniApiServer.Tests.Machinery;

public sealed class SortedMapConverterTests
{
    [Fact]
    public void Map_keys_are_written_in_byte_order_whatever_the_insertion_order()
    {
        var meta = new V1ObjectMeta
        {
            Labels = new Dictionary<string, string> { ["b"] = "2", ["a"] = "1", ["B"] = "3" },
        };
        var json = JsonSerializer.Serialize(meta, KubernetesJsonOptions.Default);
        Assert.Equal("{\"labels\":{\"B\":\"3\",\"a\":\"1\",\"b\":\"2\"}}", json);
    }

    [Fact]
    public void Maps_still_read_back()
    {
        var meta = JsonSerializer.Deserialize<V1ObjectMeta>("{\"labels\":{\"b\":\"2\",\"a\":\"1\"}}", KubernetesJsonOptions.Default)!;
        Assert.Equal("1", meta.Labels["a"]);
        Assert.Equal("2", meta.Labels["b"]);
    }
}

public sealed class SortedMapWalkerTests
{
    [Fact]
    public void Null_map_values_still_become_Go_zero_values_through_the_sorted_map_converter()
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse("""{"metadata":{"labels":{"a":null}},"spec":{"containers":[{"resources":{"limits":{"cpu":null}}}]}}""")!;
        MiniApiServer.Api.Codec.GoZeroValues.Fill(node, typeof(V1Pod), KubernetesJsonOptions.Default);
        Assert.Equal("", (string?)node["metadata"]!["labels"]!["a"]);
        Assert.Equal("0", (string?)node["spec"]!["containers"]![0]!["resources"]!["limits"]!["cpu"]);
    }

    [Fact]
    public void Unknown_fields_inside_map_values_of_models_are_found_through_the_sorted_map_converter()
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse("""{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","bogus":1}]}}""")!;
        var unknown = MiniApiServer.Api.Codec.UnknownFields.Find(node, typeof(V1Pod), KubernetesJsonOptions.Default);
        Assert.Equal(["spec.containers[0].bogus"], unknown);
    }
}
