using System.Text.Json;
using k8s.Models;
using MiniApiServer.Api;

namespace MiniApiServer.Tests.Api;

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
