using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MiniApiServer.Api.Codec;

namespace MiniApiServer.Tests.Api.Codec;

public sealed class JsonBodyTests
{
    private static JsonNode? Parse(string json) => JsonBody.ParseJson(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void JsonNode_Parse_still_breaks_on_duplicate_keys_in_this_runtime()
    {
        // The reason JsonBody exists: the framework parser defers the failure to the first access.
        var node = JsonNode.Parse("""{"a":1,"a":2}""")!;
        Assert.Throws<ArgumentException>(() => node["a"]);
    }

    [Fact]
    public void Duplicate_keys_keep_the_last_value_like_go()
    {
        var node = Parse("""{"a":1,"b":{"c":1,"c":3},"a":2}""")!;
        Assert.Equal("""{"a":2,"b":{"c":3}}""", node.ToJsonString());
    }

    [Fact]
    public void Numbers_keep_their_exact_text()
    {
        Assert.Equal("""[1.0,18446744073709551616,1e3,-0]""", Parse("[1.0,18446744073709551616,1e3,-0]")!.ToJsonString());
    }

    [Fact]
    public void Strings_are_copied_out_and_numbers_keep_their_exact_text()
    {
        var node = JsonBody.ParseJson(Encoding.UTF8.GetBytes("""{"s":"text","n":1.10,"big":123456789012345678901234567890}"""))!;
        Assert.Equal("text", (string?)node["s"]);
        Assert.Equal("""{"s":"text","n":1.10,"big":123456789012345678901234567890}""", node.ToJsonString());
    }

    [Fact]
    public void Literal_null_is_null()
    {
        Assert.Null(Parse("null"));
        Assert.Equal("[null,true,false,\"x\"]", Parse(" [null, true, false, \"x\"] ")!.ToJsonString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{} x")]
    [InlineData("{\"a\":1,}")]
    [InlineData("{/*c*/}")]
    [InlineData("{'a':1}")]
    [InlineData("[1 2]")]
    public void Malformed_json_throws_JsonException(string json) =>
        Assert.ThrowsAny<JsonException>(() => Parse(json));

    [Fact]
    public void Deep_but_reasonable_nesting_is_accepted_and_runaway_nesting_rejected()
    {
        Assert.NotNull(Parse(new string('[', 200) + new string(']', 200)));
        Assert.ThrowsAny<JsonException>(() => Parse(new string('[', JsonBody.MaxDepth + 1) + new string(']', JsonBody.MaxDepth + 1)));
    }
}
