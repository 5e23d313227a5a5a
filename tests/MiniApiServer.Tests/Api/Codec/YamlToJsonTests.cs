using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using MiniApiServer.Api.Codec;

namespace MiniApiServer.Tests.Api.Codec;

public sealed class YamlToJsonTests
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Json(string yaml) => YamlJson.YamlToJson(yaml)?.ToJsonString(Relaxed) ?? "null";

    private static string Value(string scalar) => Json("v: " + scalar)[5..^1];

    [Theory]
    [InlineData("null", "null")]
    [InlineData("~", "null")]
    [InlineData("", "null")]
    [InlineData("Null", "null")]
    [InlineData("NULL", "null")]
    [InlineData("true", "true")]
    [InlineData("True", "true")]
    [InlineData("TRUE", "true")]
    [InlineData("false", "false")]
    [InlineData("FALSE", "false")]
    [InlineData("80", "80")]
    [InlineData("-12", "-12")]
    [InlineData("+12", "12")]
    [InlineData("0x1F", "31")]
    [InlineData("0o17", "15")]
    [InlineData("0b101", "5")]
    [InlineData("1_000", "1000")]
    [InlineData("9223372036854775807", "9223372036854775807")]
    [InlineData("18446744073709551615", "18446744073709551615")]
    [InlineData("1.5", "1.5")]
    [InlineData(".5", "0.5")]
    [InlineData("1e3", "1000")]
    [InlineData("-2.5e-3", "-0.0025")]
    public void Plain_scalars_resolve_to_json_types(string scalar, string json) => Assert.Equal(json, Value(scalar));

    [Theory]
    [InlineData("yes", "true")]
    [InlineData("on", "true")]
    [InlineData("Y", "true")]
    [InlineData("no", "false")]
    [InlineData("off", "false")]
    [InlineData("n", "false")]
    [InlineData("0755", "493")]
    [InlineData("09", "9")]
    public void Yaml_1_1_spellings_resolve_like_gopkg_yaml_v2(string scalar, string json) => Assert.Equal(json, Value(scalar));

    [Theory]
    [InlineData("abc", "\"abc\"")]
    [InlineData("1.2.3", "\"1.2.3\"")]
    [InlineData("2024-05-01T10:20:30Z", "\"2024-05-01T10:20:30Z\"")]
    [InlineData("2024-05-01", "\"2024-05-01\"")]
    [InlineData("1:20", "\"1:20\"")]
    [InlineData("0x", "\"0x\"")]
    [InlineData("1e400", "\"1e400\"")]
    [InlineData("http://example.com/a#b", "\"http://example.com/a#b\"")]
    [InlineData("<<x", "\"<<x\"")]
    public void Other_plain_scalars_stay_strings(string scalar, string json) => Assert.Equal(json, Value(scalar));

    [Theory]
    [InlineData("'80'", "\"80\"")]
    [InlineData("\"true\"", "\"true\"")]
    [InlineData("\"null\"", "\"null\"")]
    [InlineData("''", "\"\"")]
    [InlineData("!!str 80", "\"80\"")]
    [InlineData("!!int \"80\"", "80")]
    [InlineData("!custom 80", "\"80\"")]
    public void Quoting_and_tags_decide_the_type(string scalar, string json) => Assert.Equal(json, Value(scalar));

    [Fact]
    public void Block_scalars_are_strings()
    {
        Assert.Equal("{\"a\":\"x\\ny\\n\",\"b\":\"x y\",\"c\":\"80\"}", Json("a: |\n  x\n  y\nb: >-\n  x\n  y\nc: |-\n  80\n"));
    }

    [Fact]
    public void Nested_mappings_and_sequences_keep_document_order()
    {
        var yaml = """
            apiVersion: v1
            kind: Service
            metadata:
              name: web
              labels: {app: web, tier: "1"}
            spec:
              ports:
              - port: 80
                targetPort: http
              - {port: 443, targetPort: 8443}
              selector:
                app: web
            """;
        Assert.Equal(
            "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"web\",\"labels\":{\"app\":\"web\",\"tier\":\"1\"}},"
            + "\"spec\":{\"ports\":[{\"port\":80,\"targetPort\":\"http\"},{\"port\":443,\"targetPort\":8443}],\"selector\":{\"app\":\"web\"}}}",
            Json(yaml));
    }

    [Fact]
    public void Mapping_keys_become_strings()
    {
        Assert.Equal("{\"80\":1,\"true\":2,\"1.5\":3,\"x\":4,\"false\":5}", Json("80: 1\ntrue: 2\n1.5: 3\nx: 4\nno: 5"));
    }

    [Fact]
    public void Null_key_is_rejected_with_its_position()
    {
        var e = Assert.Throws<YamlFormatException>(() => YamlJson.YamlToJson("a: 1\n~: 2\n"));
        Assert.Equal("yaml: line 2, column 1: unsupported map key: null", e.Message);
        Assert.Equal(2, e.Line);
        Assert.Equal(1, e.Column);
    }

    [Fact]
    public void Collection_key_is_rejected()
    {
        var e = Assert.Throws<YamlFormatException>(() => YamlJson.YamlToJson("? [a, b]\n: 1\n"));
        Assert.Contains("unsupported map key", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Anchors_and_aliases_are_expanded_as_copies()
    {
        var node = YamlJson.YamlToJson("base: &b {port: 80}\nother: *b\nname: &n web\ncopy: *n\n")!;
        Assert.Equal("{\"base\":{\"port\":80},\"other\":{\"port\":80},\"name\":\"web\",\"copy\":\"web\"}", node.ToJsonString());
        node["other"]!["port"] = 81;
        Assert.Equal(80, node["base"]!["port"]!.GetValue<long>());
    }

    [Fact]
    public void Merge_keys_copy_the_referenced_mapping()
    {
        var yaml = "defaults: &d {protocol: TCP, port: 80}\nport:\n  <<: *d\n  port: 8080\n";
        Assert.Equal("{\"defaults\":{\"protocol\":\"TCP\",\"port\":80},\"port\":{\"protocol\":\"TCP\",\"port\":8080}}", Json(yaml));
    }

    [Fact]
    public void Merge_with_a_list_lets_earlier_maps_win()
    {
        Assert.Equal("{\"m\":{\"a\":1,\"b\":2}}", Json("m:\n  <<: [{a: 1}, {a: 9, b: 2}]\n"));
    }

    [Fact]
    public void Quoted_merge_key_is_an_ordinary_key()
    {
        Assert.Equal("{\"<<\":1}", Json("'<<': 1"));
    }

    [Fact]
    public void Unknown_alias_is_rejected()
    {
        var e = Assert.Throws<YamlFormatException>(() => YamlJson.YamlToJson("a: *nope\n"));
        Assert.Equal("yaml: line 1, column 4: unknown anchor 'nope' referenced", e.Message);
    }

    [Fact]
    public void Alias_bomb_is_rejected()
    {
        var yaml = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
        for (var i = 0; i < 8; i++)
        {
            var alias = (char)('a' + i);
            var next = (char)('b' + i);
            yaml += $"{next}: &{next} [*{alias}, *{alias}, *{alias}, *{alias}, *{alias}, *{alias}, *{alias}, *{alias}, *{alias}, *{alias}]\n";
        }
        var e = Assert.Throws<YamlFormatException>(() => YamlJson.YamlToJson(yaml));
        Assert.Contains("excessive aliasing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_keys_keep_the_last_value()
    {
        Assert.Equal("{\"a\":2,\"b\":3}", Json("a: 1\nb: 3\na: 2\n"));
    }

    [Fact]
    public void Empty_document_is_null()
    {
        Assert.Null(YamlJson.YamlToJson(""));
        Assert.Null(YamlJson.YamlToJson("# just a comment\n"));
        Assert.Null(YamlJson.YamlToJson("---\n"));
    }

    [Fact]
    public void Explicit_single_document_markers_are_accepted()
    {
        Assert.Equal("{\"a\":1}", Json("---\na: 1\n...\n"));
    }

    [Fact]
    public void Multiple_documents_are_rejected()
    {
        var e = Assert.Throws<YamlFormatException>(() => YamlJson.YamlToJson("a: 1\n---\nb: 2\n"));
        Assert.Equal("yaml: line 2, column 1: expected a single YAML document, found more than one", e.Message);
    }

    [Theory]
    [InlineData("a: b: c", 1, 5)]
    [InlineData("a: [1, 2", 2, 1)]
    [InlineData("a:\n  - b\n c: d", 3, 2)]
    [InlineData("a: 'unterminated", 1, 4)]
    public void Invalid_yaml_names_line_and_column(string yaml, int line, int column)
    {
        var e = Assert.Throws<YamlFormatException>(() => YamlJson.YamlToJson(yaml));
        Assert.StartsWith($"yaml: line {line}, column {column}: ", e.Message, StringComparison.Ordinal);
        Assert.Equal(line, e.Line);
        Assert.Equal(column, e.Column);
    }

    [Theory]
    [InlineData(".inf", "+Inf")]
    [InlineData("-.inf", "-Inf")]
    [InlineData(".nan", "NaN")]
    public void Infinity_and_nan_cannot_become_json(string scalar, string shown)
    {
        var e = Assert.Throws<YamlFormatException>(() => YamlJson.YamlToJson("v: " + scalar));
        Assert.Equal($"yaml: line 1, column 4: json: unsupported value: {shown}", e.Message);
    }

    [Fact]
    public void Json_text_is_valid_yaml_and_converts_to_itself()
    {
        var json = "{\"kind\":\"Service\",\"spec\":{\"ports\":[{\"port\":80,\"name\":\"http\"}],\"clusterIP\":null,\"x\":[true,1.5,\"s\"]}}";
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), YamlJson.YamlToJson(json)));
    }

    [Fact]
    public void Top_level_scalar_and_sequence_are_returned_as_is()
    {
        Assert.Equal("\"abc\"", Json("abc"));
        Assert.Equal("[1,\"a\",null]", Json("- 1\n- a\n- ~\n"));
    }
}
