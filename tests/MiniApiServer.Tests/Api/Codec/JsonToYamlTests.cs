using System.Text;
using System.Text.Json.Nodes;
using MiniApiServer.Api.Codec;

namespace MiniApiServer.Tests.Api.Codec;

public sealed class JsonToYamlTests
{
    private static string Yaml(string json) => YamlJson.JsonToYaml(JsonNode.Parse(json));

    private static string ValueLine(string s) => YamlJson.JsonToYaml(new JsonObject { ["v"] = s });

    private static void AssertRoundTrip(JsonNode? node)
    {
        var yaml = YamlJson.JsonToYaml(node);
        JsonNode? back;
        try
        {
            back = YamlJson.YamlToJson(yaml);
        }
        catch (YamlFormatException e)
        {
            throw new InvalidOperationException($"emitted YAML does not parse: {e.Message}\nYAML:\n{yaml}", e);
        }
        Assert.True(JsonNode.DeepEquals(node, back), $"round trip changed the value.\nYAML:\n{yaml}\nback: {back?.ToJsonString()}");
    }

    [Fact]
    public void Service_prints_like_kubectl_get_o_yaml()
    {
        var json = """
            {"kind":"Service","apiVersion":"v1","metadata":{"name":"web","namespace":"default","uid":"0b6c4f0e-1c2d-4e5f-8a9b-0c1d2e3f4a5b",
            "resourceVersion":"123","creationTimestamp":"2024-05-01T10:20:30Z","labels":{"app":"web"},
            "annotations":{"deployment.kubernetes.io/revision":"1"},"finalizers":[]},
            "spec":{"ports":[{"name":"http","protocol":"TCP","port":80,"targetPort":8080},{"name":"alt","port":81,"targetPort":"http-alt"}],
            "selector":{"app":"web"},"clusterIP":"10.0.0.10","type":"ClusterIP"},"status":{"loadBalancer":{}}}
            """;
        Assert.Equal(
            """
            apiVersion: v1
            kind: Service
            metadata:
              annotations:
                deployment.kubernetes.io/revision: "1"
              creationTimestamp: "2024-05-01T10:20:30Z"
              finalizers: []
              labels:
                app: web
              name: web
              namespace: default
              resourceVersion: "123"
              uid: 0b6c4f0e-1c2d-4e5f-8a9b-0c1d2e3f4a5b
            spec:
              clusterIP: 10.0.0.10
              ports:
              - name: http
                port: 80
                protocol: TCP
                targetPort: 8080
              - name: alt
                port: 81
                targetPort: http-alt
              selector:
                app: web
              type: ClusterIP
            status:
              loadBalancer: {}

            """.ReplaceLineEndings("\n"),
            Yaml(json));
    }

    [Theory]
    [InlineData("80", "\"80\"")]
    [InlineData("true", "\"true\"")]
    [InlineData("yes", "\"yes\"")]
    [InlineData("off", "\"off\"")]
    [InlineData("null", "\"null\"")]
    [InlineData("~", "\"~\"")]
    [InlineData("", "\"\"")]
    [InlineData("1.5", "\"1.5\"")]
    [InlineData("0x1F", "\"0x1F\"")]
    [InlineData("1_000", "\"1_000\"")]
    [InlineData("1:20", "\"1:20\"")]
    [InlineData("2024-05-01", "\"2024-05-01\"")]
    [InlineData("<<", "\"<<\"")]
    public void Strings_that_would_read_back_as_another_type_are_double_quoted(string s, string printed) =>
        Assert.Equal($"v: {printed}\n", ValueLine(s));

    [Theory]
    [InlineData("*", "'*'")]
    [InlineData("- x", "'- x'")]
    [InlineData("-", "'-'")]
    [InlineData("a: b", "'a: b'")]
    [InlineData("ends with:", "'ends with:'")]
    [InlineData("#comment", "'#comment'")]
    [InlineData("a #b", "'a #b'")]
    [InlineData(" lead", "' lead'")]
    [InlineData("trail ", "'trail '")]
    [InlineData("{x}", "'{x}'")]
    [InlineData("@x", "'@x'")]
    [InlineData("---", "'---'")]
    [InlineData("it's: x", "'it''s: x'")]
    public void Strings_with_yaml_indicators_are_single_quoted(string s, string printed) =>
        Assert.Equal($"v: {printed}\n", ValueLine(s));

    [Theory]
    [InlineData("web")]
    [InlineData("a,b")]
    [InlineData("a#b")]
    [InlineData("a:b")]
    [InlineData("http://example.com:8080/x?y=1")]
    [InlineData("-x")]
    [InlineData("it's")]
    [InlineData("ünïcødé")]
    [InlineData("10.0.0.10")]
    [InlineData("500m")]
    public void Ordinary_strings_are_plain(string s) => Assert.Equal($"v: {s}\n", ValueLine(s));

    [Theory]
    [InlineData("tab\there", "\"tab\\there\"")]
    [InlineData("\u0001", "\"\\x01\"")]
    [InlineData("a\rb", "\"a\\rb\"")]
    [InlineData("say \"hi\"\t", "\"say \\\"hi\\\"\\t\"")]
    [InlineData("\U0001F600", "\"\\U0001F600\"")]
    [InlineData("\uFEFFbom", "\"\\uFEFFbom\"")]
    [InlineData("line\u2028sep", "\"line\\Lsep\"")]
    public void Unprintable_characters_are_escaped_in_double_quotes(string s, string printed) =>
        Assert.Equal($"v: {printed}\n", ValueLine(s));

    [Theory]
    [InlineData("a\nb", "v: |-\n  a\n  b\n")]
    [InlineData("a\nb\n", "v: |\n  a\n  b\n")]
    [InlineData("a\n\n", "v: |+\n  a\n\n...\n")]
    [InlineData(" indented\nnext", "v: |2-\n   indented\n  next\n")]
    [InlineData("a\n\nb", "v: |-\n  a\n\n  b\n")]
    [InlineData("trailing space \nnext", "v: \"trailing space \\nnext\"\n")]
    [InlineData("tab\tin\nlines", "v: \"tab\\tin\\nlines\"\n")]
    public void Multi_line_strings_are_literal_blocks_when_safe(string s, string yaml) => Assert.Equal(yaml, ValueLine(s));

    [Fact]
    public void Keys_sort_in_yaml_v2_natural_order()
    {
        Assert.Equal("_x: 1\n\"1\": 1\nA: 1\na2: 1\na10: 1\nb: 1\n", Yaml("{\"b\":1,\"a10\":1,\"a2\":1,\"A\":1,\"1\":1,\"_x\":1}"));
    }

    [Fact]
    public void Nested_sequences_empty_collections_and_the_yaml_1_1_bool_key_y()
    {
        Assert.Equal(
            "a:\n- - 1\n  - 2\n- - 3\n- {}\n- []\n- x: 1\n  \"y\":\n  - z\nb: {}\nc: []\nd: null\n",
            Yaml("{\"a\":[[1,2],[3],{},[],{\"y\":[\"z\"],\"x\":1}],\"b\":{},\"c\":[],\"d\":null}"));
    }

    [Theory]
    [InlineData("1.0", "1")]
    [InlineData("1.5", "1.5")]
    [InlineData("1000000.0", "1e+06")]
    [InlineData("123456.5", "123456.5")]
    [InlineData("0.00001", "1e-05")]
    [InlineData("0.0001", "0.0001")]
    [InlineData("-0.5", "-0.5")]
    [InlineData("1e3", "1000")]
    [InlineData("80", "80")]
    [InlineData("-9223372036854775808", "-9223372036854775808")]
    [InlineData("18446744073709551615", "18446744073709551615")]
    public void Numbers_print_as_yaml_v2_prints_go_numbers(string json, string printed) =>
        Assert.Equal($"v: {printed}\n", Yaml($"{{\"v\":{json}}}"));

    [Fact]
    public void Top_level_values()
    {
        Assert.Equal("{}\n", Yaml("{}"));
        Assert.Equal("[]\n", Yaml("[]"));
        Assert.Equal("null\n", YamlJson.JsonToYaml(null));
        Assert.Equal("- a\n- 1\n", Yaml("[\"a\",1]"));
        Assert.Equal("\"80\"\n", Yaml("\"80\""));
    }

    [Fact]
    public void Long_plain_strings_fold_at_spaces_past_column_80()
    {
        var text = string.Join(' ', Enumerable.Repeat("word", 40));
        var yaml = YamlJson.JsonToYaml(new JsonObject { ["spec"] = new JsonObject { ["description"] = text } });
        var lines = yaml.Split('\n');
        Assert.True(lines.Length > 3);
        Assert.StartsWith("  description: word word", lines[1], StringComparison.Ordinal);
        Assert.All(lines.Skip(2).Where(l => l.Length > 0), l => Assert.StartsWith("    word", l, StringComparison.Ordinal));
        Assert.All(lines, l => Assert.True(l.Length <= 86, l));
        AssertRoundTrip(new JsonObject { ["spec"] = new JsonObject { ["description"] = text } });
    }

    [Fact]
    public void Long_quoted_strings_fold_and_read_back_unchanged()
    {
        var single = "a: " + string.Join(" ", Enumerable.Repeat("spaced", 30));
        var dbl = "\t" + string.Join(" ", Enumerable.Repeat("x ", 60));
        AssertRoundTrip(new JsonObject { ["single"] = single, ["double"] = dbl, ["list"] = new JsonArray(single, dbl) });
        Assert.Contains("\n", YamlJson.JsonToYaml(new JsonObject { ["single"] = single }).TrimEnd('\n'), StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_are_never_folded_and_long_keys_use_the_explicit_form()
    {
        var longKey = "example.com/" + new string('k', 130);
        var yaml = YamlJson.JsonToYaml(new JsonObject { [longKey] = "v", ["short"] = new JsonObject { ["a"] = 1 } });
        Assert.Equal($"? {longKey}\n: v\nshort:\n  a: 1\n", yaml);
        AssertRoundTrip(new JsonObject { [longKey] = new JsonObject { ["a"] = 1, ["b"] = new JsonArray(1) }, ["k\nnl"] = "v" });
    }

    [Fact]
    public void Kubernetes_objects_round_trip()
    {
        AssertRoundTrip(JsonNode.Parse("""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","labels":{"app":"web","version":"1.0","enabled":"true"},
            "annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\"apiVersion\":\"v1\"}\n","empty":"","note":"a: b"}},
            "spec":{"containers":[{"name":"c","image":"nginx:1.25","command":["sh","-c","echo 'hi' && sleep 3600\n"],
            "env":[{"name":"A","value":"yes"},{"name":"B","value":"0755"},{"name":"C","value":"~"}],
            "ports":[{"containerPort":80,"protocol":"TCP"}],"resources":{"limits":{"cpu":"500m","memory":"1Gi"}}}],
            "tolerations":[],"nodeSelector":{}},"status":{"phase":"Pending","conditions":[{"type":"Ready","status":"False"}]}}
            """));
    }

    [Fact]
    public void Tricky_strings_round_trip()
    {
        var samples = new List<string>
        {
            "", " ", "  ", "\n", "\n\n", " \n", "\n ", "a\n", "a\n\n\n", "\na", " a\n b\n", "a\n b", "a \n", "\t", "'", "\"", "\\", "''", "\"\"",
            "- ", "? ", ": ", "-", "?", ":", "#", "&a", "*a", "!tag", "|", ">", "%", "@", "`", "[a]", "{a: 1}", "a, b", "a ,b", "...", "--- x",
            "yes", "No", "ON", "y", "n", "~", "null", "Null", "true", "False", ".inf", "-.Inf", ".nan", "0", "-0", "+1", "0x10", "0o10", "0b10",
            "0755", "08", "1_0", "1e5", "1E5", ".5", "5.", "1:2:3", "2024-1-2", "2024-01-02T03:04:05.123Z", "2024-01-02 03:04:05", "<<",
            "\u0085", "\u00A0", "\uFFFE", "\U0001F600 emoji", "é\nü", "a\u2029b", "\u001b[31m", "x\r\ny", "end\\",
        };
        var random = new Random(1234);
        const string alphabet = "ab -:#'\"\n\t\\?,[]{}&*!|>%@`.0129yn~";
        for (var i = 0; i < 400; i++)
        {
            var chars = new char[random.Next(0, 12)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = alphabet[random.Next(alphabet.Length)];
            }
            samples.Add(new string(chars));
        }
        foreach (var s in samples)
        {
            AssertRoundTrip(new JsonObject { ["v"] = s, [s] = "key", ["list"] = new JsonArray(s, new JsonObject { ["n"] = s }) });
        }
    }

    [Fact]
    public void Output_is_plain_utf8_text()
    {
        var yaml = ValueLine("ünïcødé");
        Assert.Equal("v: ünïcødé\n", Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(yaml)));
    }
}
