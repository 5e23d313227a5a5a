using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace MiniApiServer.Api.Codec;

/// <summary>
/// YAML ⇄ JSON the way kube-apiserver does it with sigs.k8s.io/yaml (YAMLToJSON / JSONToYAML over gopkg.in/yaml.v2):
/// YAML bodies are turned into JSON and decoded like JSON; YAML responses are the JSON re-printed as YAML.
/// </summary>
internal static class YamlJson
{
    private const string StrTag = "tag:yaml.org,2002:str";
    private const string BinaryTag = "tag:yaml.org,2002:binary";

    /// <summary>Alias expansion budget (nodes), against "billion laughs" documents; yaml.v2 has a similar guard.</summary>
    private const long MaxNodes = 1_000_000;

    /// <summary>
    /// Converts one YAML document to JSON. Plain scalars are typed by yaml.v2's rules (<see cref="YamlScalars"/>),
    /// quoted and block scalars stay strings, anchors and aliases are expanded, <c>&lt;&lt;</c> merge keys are
    /// applied, duplicate keys keep the last value (like yaml.v2 outside strict mode), and mapping keys become strings.
    /// An empty document is <c>null</c>.
    /// </summary>
    /// <exception cref="YamlFormatException">Invalid YAML, several documents, or something JSON cannot hold.</exception>
    public static JsonNode? YamlToJson(string yaml)
    {
        var reader = new Reader(new Parser(new StringReader(yaml)));
        try
        {
            return reader.ReadStream();
        }
        catch (YamlException e)
        {
            throw new YamlFormatException(e.Message, e.Start.Line, e.Start.Column, e);
        }
    }

    /// <summary>
    /// Prints JSON as yaml.v2 would after sigs.k8s.io/yaml JSONToYAML: block style, keys sorted with yaml.v2's
    /// natural order, sequences not indented under their key, strings quoted only when needed.
    /// </summary>
    public static string JsonToYaml(JsonNode? node) => YamlEmitter.Write(node);

    private sealed class Reader(IParser parser)
    {
        private readonly Dictionary<string, (JsonNode? Node, long Size)> _anchors = new(StringComparer.Ordinal);
        private long _nodes;
        private int _depth;

        public JsonNode? ReadStream()
        {
            parser.Consume<StreamStart>();
            if (parser.TryConsume<StreamEnd>(out _))
            {
                return null;
            }
            parser.Consume<DocumentStart>();
            var root = ReadNode();
            parser.Consume<DocumentEnd>();
            if (parser.Accept<DocumentStart>(out var second))
            {
                throw new YamlFormatException("expected a single YAML document, found more than one", second.Start.Line, second.Start.Column);
            }
            parser.Consume<StreamEnd>();
            return root;
        }

        private JsonNode? ReadNode()
        {
            var current = parser.Current!;
            if (current is AnchorAlias alias)
            {
                parser.MoveNext();
                return Alias(alias);
            }
            var before = _nodes;
            Count(current);
            // Nesting is bounded like JSON bodies' (JsonBody.MaxDepth): reading recurses, and a body must never
            // be able to exhaust the stack.
            if (current is not Scalar && ++_depth > JsonBody.MaxDepth)
            {
                throw new YamlFormatException($"exceeded max depth of {JsonBody.MaxDepth}", current.Start.Line, current.Start.Column);
            }
            var (node, anchor) = current switch
            {
                Scalar scalar => (ScalarValue(scalar), scalar.Anchor),
                SequenceStart start => (Sequence(), start.Anchor),
                MappingStart start => (Mapping(), start.Anchor),
                _ => throw new YamlFormatException($"unexpected {current.GetType().Name}", current.Start.Line, current.Start.Column),
            };
            if (current is not Scalar)
            {
                _depth--;
            }
            if (current is Scalar)
            {
                parser.MoveNext();
            }
            if (!anchor.IsEmpty)
            {
                _anchors[anchor.Value] = (node, _nodes - before);
            }
            return node;
        }

        private void Count(ParsingEvent at, long nodes = 1)
        {
            _nodes += nodes;
            if (_nodes > MaxNodes)
            {
                throw new YamlFormatException("document contains excessive aliasing", at.Start.Line, at.Start.Column);
            }
        }

        private JsonNode? Alias(AnchorAlias alias)
        {
            if (!_anchors.TryGetValue(alias.Value.Value, out var target))
            {
                throw new YamlFormatException($"unknown anchor '{alias.Value.Value}' referenced", alias.Start.Line, alias.Start.Column);
            }
            Count(alias, target.Size);
            return target.Node?.DeepClone();
        }

        private JsonArray Sequence()
        {
            parser.Consume<SequenceStart>();
            var array = new JsonArray();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                array.Add(ReadNode());
            }
            return array;
        }

        private JsonObject Mapping()
        {
            parser.Consume<MappingStart>();
            var map = new JsonObject();
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var keyEvent = parser.Current!;
                var isMerge = keyEvent is Scalar { Style: ScalarStyle.Plain, Value: "<<" } k && k.Tag.IsEmpty;
                var key = ReadNode();
                var value = ReadNode();
                if (isMerge)
                {
                    Merge(map, value, keyEvent);
                }
                else
                {
                    map[KeyString(key, keyEvent)] = value;
                }
            }
            return map;
        }

        /// <summary>yaml.v2 decode.go merge: a map, or a list of maps applied last to first; merged keys are set in turn.</summary>
        private static void Merge(JsonObject into, JsonNode? value, ParsingEvent at)
        {
            IEnumerable<JsonNode?> sources = value switch
            {
                JsonObject single => [single],
                JsonArray list => list.Reverse(),
                _ => throw new YamlFormatException("map merge requires map or sequence of maps as the value", at.Start.Line, at.Start.Column),
            };
            foreach (var source in sources)
            {
                if (source is not JsonObject map)
                {
                    throw new YamlFormatException("map merge requires map or sequence of maps as the value", at.Start.Line, at.Start.Column);
                }
                foreach (var (k, v) in map)
                {
                    into[k] = v?.DeepClone();
                }
            }
        }

        /// <summary>sigs.k8s.io/yaml convertToJSONableObject: scalar keys become strings; floats print as float32.</summary>
        private static string KeyString(JsonNode? key, ParsingEvent at) => key switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
            JsonValue v when v.TryGetValue<long>(out var l) => l.ToString(System.Globalization.CultureInfo.InvariantCulture),
            JsonValue v when v.TryGetValue<ulong>(out var u) => u.ToString(System.Globalization.CultureInfo.InvariantCulture),
            JsonValue v when v.TryGetValue<double>(out var d) => YamlScalars.FormatGoFloat(d, float32: true),
            null => throw new YamlFormatException("unsupported map key: null", at.Start.Line, at.Start.Column),
            _ => throw new YamlFormatException("unsupported map key: a mapping or sequence cannot be a key", at.Start.Line, at.Start.Column),
        };

        private static JsonNode? ScalarValue(Scalar scalar)
        {
            // yaml.v2: untagged plain scalars are resolved, quoted and block ones are strings; !!str/!!binary stay
            // strings; other standard tags (!!int, !!bool, ...) resolve the text; unknown tags leave it a string.
            var tag = scalar.Tag.IsEmpty ? "" : scalar.Tag.Value;
            var resolve = tag switch
            {
                "" => scalar.Style == ScalarStyle.Plain,
                StrTag or BinaryTag => false,
                _ => tag.StartsWith("tag:yaml.org,2002:", StringComparison.Ordinal),
            };
            if (!resolve)
            {
                return JsonValue.Create(scalar.Value);
            }
            var resolved = YamlScalars.Resolve(scalar.Value);
            return resolved.Kind switch
            {
                YamlScalarKind.Null => null,
                YamlScalarKind.Bool => JsonValue.Create(resolved.Bool),
                YamlScalarKind.Int => JsonValue.Create(resolved.Int),
                YamlScalarKind.UInt => JsonValue.Create(resolved.UInt),
                YamlScalarKind.Float when double.IsFinite(resolved.Float) => JsonValue.Create(resolved.Float),
                // encoding/json refuses these when sigs.k8s.io/yaml marshals the converted object.
                YamlScalarKind.Float => throw new YamlFormatException(
                    $"json: unsupported value: {(double.IsNaN(resolved.Float) ? "NaN" : resolved.Float > 0 ? "+Inf" : "-Inf")}",
                    scalar.Start.Line, scalar.Start.Column),
                _ => JsonValue.Create(scalar.Value),
            };
        }
    }
}
