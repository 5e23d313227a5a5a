using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Api.Codec;

/// <summary>
/// Writes a JSON tree as the YAML that kube-apiserver answers with (<c>Accept: application/yaml</c>): sigs.k8s.io/yaml
/// JSONToYAML hands the JSON to gopkg.in/yaml.v2, whose encoder (encode.go, sorter.go) and libyaml emitter
/// (emitterc.go: analyze_scalar, select_scalar_style, write_*_scalar) are followed here for block documents: keys in
/// yaml.v2's natural order, 2-space indentation with sequences level with their key, strings plain when they would
/// re-read as the same string, else single- or double-quoted, multi-line strings as <c>|</c> literals, and long
/// scalars folded at spaces past column 80.
/// </summary>
internal sealed partial class YamlEmitter
{
    private const int BestWidth = 80;
    private const int IndentStep = 2;

    /// <summary>libyaml check_simple_key: longer keys are written in the explicit <c>? key</c> form.</summary>
    private const int MaxSimpleKeyBytes = 128;

    private readonly StringBuilder _out = new();
    private int _column;

    /// <summary>libyaml open_ended: a document ending in a keep-chomped (<c>|+</c>) literal is closed with <c>...</c>.</summary>
    private bool _openEnded;

    private enum Style
    {
        Plain,
        SingleQuoted,
        DoubleQuoted,
        Literal,
    }

    public static string Write(JsonNode? node)
    {
        var emitter = new YamlEmitter();
        switch (node)
        {
            case JsonObject { Count: > 0 } map:
                emitter.Mapping(map, 0, inline: false);
                break;
            case JsonArray { Count: > 0 } list:
                emitter.Sequence(list, 0, inline: false);
                break;
            default:
                emitter.Scalar(node, IndentStep);
                break;
        }
        if (emitter._column > 0)
        {
            emitter.Break();
        }
        if (emitter._openEnded)
        {
            emitter._out.Append("...\n");
        }
        return emitter._out.ToString();
    }

    private void Mapping(JsonObject map, int indent, bool inline)
    {
        var keys = map.Select(p => p.Key).ToList();
        keys.Sort(YamlKeyOrder.Instance);
        var first = true;
        foreach (var key in keys)
        {
            if (!(first && inline))
            {
                Indent(indent);
            }
            first = false;
            var value = map[key];
            if (!key.Contains('\n', StringComparison.Ordinal) && Encoding.UTF8.GetByteCount(key) <= MaxSimpleKeyBytes)
            {
                String(key, indent + IndentStep, simpleKey: true);
                Append(":");
                Value(value, indent);
                continue;
            }
            Append("? ");
            String(key, indent + IndentStep, simpleKey: false);
            Indent(indent);
            Append(":");
            if (value is JsonObject { Count: > 0 } nested)
            {
                Append(" ");
                Mapping(nested, indent + IndentStep, inline: true);
            }
            else
            {
                Value(value, indent);
            }
        }
    }

    private void Sequence(JsonArray list, int indent, bool inline)
    {
        var first = true;
        foreach (var item in list)
        {
            if (!(first && inline))
            {
                Indent(indent);
            }
            first = false;
            Append("-");
            switch (item)
            {
                case JsonObject { Count: > 0 } map:
                    Append(" ");
                    Mapping(map, indent + IndentStep, inline: true);
                    break;
                case JsonArray { Count: > 0 } nested:
                    Append(" ");
                    Sequence(nested, indent + IndentStep, inline: true);
                    break;
                default:
                    Append(" ");
                    Scalar(item, indent + IndentStep);
                    break;
            }
        }
    }

    /// <summary>The value after <c>key:</c> whose key starts at <paramref name="keyIndent"/>.</summary>
    private void Value(JsonNode? value, int keyIndent)
    {
        switch (value)
        {
            case JsonObject { Count: > 0 } map:
                Mapping(map, keyIndent + IndentStep, inline: false);
                break;
            case JsonArray { Count: > 0 } list:
                Sequence(list, keyIndent, inline: false);
                break;
            default:
                Append(" ");
                Scalar(value, keyIndent + IndentStep);
                break;
        }
    }

    /// <summary>A scalar or empty collection; continuation lines (folds, literal content) go at <paramref name="indent"/>.</summary>
    private void Scalar(JsonNode? node, int indent)
    {
        switch (node)
        {
            case null:
                Append("null");
                break;
            case JsonObject:
                Append("{}");
                break;
            case JsonArray:
                Append("[]");
                break;
            case JsonValue value:
                switch (value.GetValueKind())
                {
                    case JsonValueKind.String:
                        String(value.GetValue<string>(), indent, simpleKey: false);
                        break;
                    case JsonValueKind.True:
                        Append("true");
                        break;
                    case JsonValueKind.False:
                        Append("false");
                        break;
                    case JsonValueKind.Number:
                        Append(Number(value.ToJsonString()));
                        break;
                    default:
                        Append("null");
                        break;
                }
                break;
        }
    }

    /// <summary>yaml.v2 reads a JSON number as int, uint64 or float64 and prints it back with intv/uintv/floatv.</summary>
    private void Indent(int indent)
    {
        if (_column > 0)
        {
            Break();
        }
        Append(new string(' ', indent));
    }

    private void Break()
    {
        _out.Append('\n');
        _column = 0;
    }

    private void Append(string text)
    {
        _out.Append(text);
        _column += text.Length;
    }

    private void Append(Rune rune)
    {
        _out.Append(rune.ToString());
        _column++;
    }
}
