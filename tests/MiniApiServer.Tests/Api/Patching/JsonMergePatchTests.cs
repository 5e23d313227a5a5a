using System.Text;
using System.Text.Json.Nodes;
using MiniApiServer.Api.Patching;

namespace MiniApiServer.Tests.Api.Patching;

public sealed class JsonMergePatchTests
{
    // RFC 7386 appendix A, every example.
    [Theory]
    [InlineData("""{"a":"b"}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"b":"c"}""", """{"a":"b","b":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"a":null}""", """{}""")]
    [InlineData("""{"a":"b","b":"c"}""", """{"a":null}""", """{"b":"c"}""")]
    [InlineData("""{"a":["b"]}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"c"}""", """{"a":["b"]}""", """{"a":["b"]}""")]
    [InlineData("""{"a":{"b":"c"}}""", """{"a":{"b":"d","c":null}}""", """{"a":{"b":"d"}}""")]
    [InlineData("""{"a":[{"b":"c"}]}""", """{"a":[1]}""", """{"a":[1]}""")]
    [InlineData("""["a","b"]""", """["c","d"]""", """["c","d"]""")]
    [InlineData("""{"a":"b"}""", """["c"]""", """["c"]""")]
    [InlineData("""{"a":"foo"}""", "null", "null")]
    [InlineData("""{"a":"foo"}""", "\"bar\"", "\"bar\"")]
    [InlineData("""{"e":null}""", """{"a":1}""", """{"e":null,"a":1}""")]
    [InlineData("""[1,2]""", """{"a":"b","c":null}""", """{"a":"b"}""")]
    [InlineData("""{}""", """{"a":{"bb":{"ccc":null}}}""", """{"a":{"bb":{}}}""")]
    public void Rfc7386_appendix_examples(string target, string patch, string expected)
    {
        var result = JsonMergePatch.Apply(JsonNode.Parse(target), JsonNode.Parse(patch));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), result), result?.ToJsonString() ?? "null");
    }

    [Fact]
    public void Merging_into_a_missing_member_drops_nulls_inside_it_like_evanphx()
    {
        var result = JsonMergePatch.Apply(
            JsonNode.Parse("""{"keep":1}"""),
            JsonNode.Parse("""{"a":{"b":null,"c":[{"d":null,"e":1},null,2]}}"""));

        Assert.Equal("""{"keep":1,"a":{"c":[{"e":1},2]}}""", result!.ToJsonString());
    }

    [Fact]
    public void Null_array_elements_are_dropped_when_the_target_member_is_not_an_object()
    {
        var result = JsonMergePatch.Apply(JsonNode.Parse("""{"a":5,"b":null}"""), JsonNode.Parse("""{"a":[1,null],"b":[null]}"""));

        Assert.Equal("""{"a":[1],"b":[]}""", result!.ToJsonString());
    }

    [Fact]
    public void An_array_replacing_an_object_member_is_taken_as_is()
    {
        var result = JsonMergePatch.Apply(JsonNode.Parse("""{"a":{"x":1}}"""), JsonNode.Parse("""{"a":[1,null]}"""));

        Assert.Equal("""{"a":[1,null]}""", result!.ToJsonString());
    }

    [Fact]
    public void A_top_level_array_patch_loses_its_null_elements()
    {
        var result = JsonMergePatch.Apply(JsonNode.Parse("""{"a":1}"""), JsonNode.Parse("""[1,null,{"b":null}]"""));

        Assert.Equal("""[1,{}]""", result!.ToJsonString());
    }

    [Fact]
    public void Nested_objects_merge_and_keep_untouched_members()
    {
        var result = JsonMergePatch.Apply(
            JsonNode.Parse("""{"metadata":{"name":"web","labels":{"app":"web","tier":"fe"}},"spec":{"ports":[{"port":80}]}}"""),
            JsonNode.Parse("""{"metadata":{"labels":{"tier":null,"env":"prod"}}}"""));

        Assert.Equal(
            """{"metadata":{"name":"web","labels":{"app":"web","env":"prod"}},"spec":{"ports":[{"port":80}]}}""",
            result!.ToJsonString());
    }

    [Fact]
    public void Neither_the_target_nor_the_patch_is_mutated()
    {
        var target = JsonNode.Parse("""{"a":{"b":1},"c":[1]}""");
        var patch = JsonNode.Parse("""{"a":{"b":2,"n":{"x":null}},"c":null,"d":[null,1]}""");

        var result = JsonMergePatch.Apply(target, patch);
        result!["a"]!["n"]!.AsObject().Add("y", 1);

        Assert.Equal("""{"a":{"b":1},"c":[1]}""", target!.ToJsonString());
        Assert.Equal("""{"a":{"b":2,"n":{"x":null}},"c":null,"d":[null,1]}""", patch!.ToJsonString());
    }

    [Fact]
    public void Numbers_keep_their_exact_text()
    {
        var result = JsonMergePatch.Apply(
            JsonNode.Parse("""{"a":1.10,"b":1e400}"""),
            JsonNode.Parse("""{"c":123456789012345678901234567890,"d":{"e":0.1000000000000000000001}}"""));

        Assert.Equal("""{"a":1.10,"b":1e400,"c":123456789012345678901234567890,"d":{"e":0.1000000000000000000001}}""", result!.ToJsonString());
    }

    [Fact]
    public void Parse_returns_an_object_body()
    {
        var patch = JsonMergePatch.Parse("""{"spec":{"replicas":3}}"""u8);

        Assert.Equal("""{"spec":{"replicas":3}}""", patch.ToJsonString());
    }

    [Theory]
    [InlineData("[]", "array")]
    [InlineData("\"x\"", "string")]
    [InlineData("5", "number")]
    [InlineData("true", "bool")]
    public void Parse_rejects_a_body_that_is_not_an_object_like_the_strict_decode(string body, string goKind)
    {
        var error = Assert.Throws<PatchException>(() => JsonMergePatch.Parse(Encoding.UTF8.GetBytes(body)));

        Assert.Equal(PatchErrorKind.BadRequest, error.Kind);
        Assert.Equal($"error decoding patch: json: cannot unmarshal {goKind} into Go value of type map[string]interface {{}}", error.Message);
    }

    [Fact]
    public void Parse_rejects_null_as_Invalid_JSON_Patch()
    {
        var error = Assert.Throws<PatchException>(() => JsonMergePatch.Parse("null"u8));

        Assert.Equal(PatchErrorKind.BadRequest, error.Kind);
        Assert.Equal("Invalid JSON Patch", error.Message);
    }

    [Fact]
    public void Parse_reports_an_empty_body_with_Go_text()
    {
        var error = Assert.Throws<PatchException>(() => JsonMergePatch.Parse(" \n"u8));

        Assert.Equal(PatchErrorKind.BadRequest, error.Kind);
        Assert.Equal("error decoding patch: unexpected end of JSON input", error.Message);
    }

    [Theory]
    [InlineData("{x")]
    [InlineData("""{"a":1} trailing""")]
    [InlineData("""{"a":1,"a":2}""")]
    public void Parse_rejects_malformed_JSON_as_bad_request(string body)
    {
        var error = Assert.Throws<PatchException>(() => JsonMergePatch.Parse(Encoding.UTF8.GetBytes(body)));

        Assert.Equal(PatchErrorKind.BadRequest, error.Kind);
        Assert.StartsWith("error decoding patch: ", error.Message);
    }
}
