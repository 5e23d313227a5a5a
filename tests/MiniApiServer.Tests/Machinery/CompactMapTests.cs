using MiniApiServer.Machinery;

namespace MiniApiServer.Tests.Machinery;

public sealed class CompactMapTests
{
    [Fact]
    public void Looks_up_like_a_dictionary()
    {
        var map = new CompactMap(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" });
        Assert.Equal(2, map.Count);
        Assert.Equal("1", map["a"]);
        Assert.True(map.TryGetValue("b", out var b) && b == "2");
        Assert.False(map.ContainsKey("c"));
        Assert.Throws<KeyNotFoundException>(() => map["c"]);
        Assert.Equal(["a", "b"], map.Keys.Order());
    }

    [Fact]
    public void Repeated_values_are_shared_but_object_names_are_not_pooled()
    {
        var first = new CompactMap(new Dictionary<string, string> { ["status.phase"] = new string("Running".ToCharArray()), ["metadata.name"] = new string("p1".ToCharArray()) });
        var second = new CompactMap(new Dictionary<string, string> { ["status.phase"] = new string("Running".ToCharArray()), ["metadata.name"] = new string("p1".ToCharArray()) });
        Assert.Same(first["status.phase"], second["status.phase"]);
        Assert.NotSame(first["metadata.name"], second["metadata.name"]);
    }
}
