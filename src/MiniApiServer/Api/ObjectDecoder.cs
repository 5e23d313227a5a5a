using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using MiniApiServer.Api.Codec;
using MiniApiServer.Api.Codec.Protobuf;
using MiniApiServer.Api.Requests;
using MiniApiServer.Machinery;
using MiniApiServer.Registry;

namespace MiniApiServer.Api;

/// <summary>
/// Turns a request body into a model the way kube-apiserver's decoder does: JSON, YAML or protobuf, kind and apiVersion
/// checked against the path's resource, unknown and duplicate fields dropped, warned about or rejected per
/// <c>fieldValidation</c>, and every decoding failure a 400 with upstream's wording.
/// </summary>
internal static class ObjectDecoder
{
    public static JsonObject ParseBody(byte[] body, WireFormat format, ResourceDescriptor d, Scheme scheme)
    {
        if (format == WireFormat.Protobuf)
        {
            return ParseProtobuf(body, d, scheme);
        }
        JsonNode? node;
        try
        {
            node = format == WireFormat.Yaml
                ? YamlJson.YamlToJson(Encoding.UTF8.GetString(body))
                : JsonBody.ParseJson(body);
        }
        catch (Exception e) when (e is JsonException or YamlFormatException)
        {
            throw Unrecognized(d, $"couldn't get version/kind; json parse error: {e.Message}", body);
        }
        if (node is not JsonObject obj)
        {
            var what = node switch { null => "null", JsonArray => "array", _ => node.GetValueKind() == JsonValueKind.String ? "string" : "number" };
            throw Unrecognized(d,
                $"couldn't get version/kind; json parse error: json: cannot unmarshal {what} into Go value of type struct {{ APIVersion string \"json:\\\"apiVersion,omitempty\\\"\"; Kind string \"json:\\\"kind,omitempty\\\"\" }}",
                body);
        }
        return obj;
    }

    /// <summary>
    /// A protobuf body as the JSON a Go client would send for the same object (<see cref="GoJson"/>), so that it goes
    /// through the JSON pipeline: the envelope's apiVersion and kind, defaulted from the path as copyKindDefaults does,
    /// and the fields of the object when the kind is registered (a kind that is not fails in <see cref="CheckTypeMeta"/>
    /// as upstream's creater fails before reading the object). Failures read as transformDecodeError words them: an
    /// unreadable envelope is unrecognized, an unreadable object cannot be handled as the path's kind.
    /// </summary>
    private static JsonObject ParseProtobuf(byte[] body, ResourceDescriptor d, Scheme scheme)
    {
        if (ProtoSchema.ForKind(d.ApiVersion, d.Kind) is null)
        {
            // A kind without a message is read like a custom resource, whose serializer has no protobuf.
            throw HttpErrors.UnsupportedMediaType(MediaTypes.Supported);
        }
        ProtobufEnvelope envelope;
        try
        {
            envelope = ProtobufEnvelope.Open(body);
        }
        catch (ProtoFormatException e)
        {
            throw Unrecognized(d, e.Message, body);
        }
        var apiVersion = envelope.ApiVersion.Length > 0 ? envelope.ApiVersion : d.ApiVersion;
        var kind = envelope.Kind.Length > 0 ? envelope.Kind : d.Kind;
        var node = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind };
        if (scheme.IsRegistered(apiVersion, kind) && ProtoSchema.ForKind(apiVersion, kind) is { } message)
        {
            try
            {
                GoJson.WriteFields(ProtoReader.Read(envelope.Raw, message), node);
            }
            catch (ProtoFormatException e)
            {
                throw ApiException.BadRequest($"{kind} in version \"{apiVersion[(apiVersion.LastIndexOf('/') + 1)..]}\" cannot be handled as a {d.Kind}: {e.Message}");
            }
        }
        return node;
    }

    /// <summary>
    /// transformDecodeError (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/rest.go) for a body whose kind could
    /// not be read: the error and a summary of the body (summarizeData: up to 30 bytes, as text when it starts with
    /// '{', else in hex).
    /// </summary>
    private static ApiException Unrecognized(ResourceDescriptor d, string error, byte[] body)
    {
        const int max = 30;
        var head = body.AsSpan(0, Math.Min(body.Length, max));
        var summary = body.Length == 0 ? "<empty>"
            : body[0] == (byte)'{' ? Encoding.UTF8.GetString(head)
            : Convert.ToHexStringLower(head);
        if (body.Length > max)
        {
            summary += " ...";
        }
        return ApiException.BadRequest($"the object provided is unrecognized (must be of type {d.Kind}): {error} ({summary})");
    }

    /// <summary>Checks kind/apiVersion, applies the field-validation mode, and decodes.</summary>
    public static DecodedObject Decode(JsonObject node, ReadOnlySpan<byte> originalJson, ResourceDescriptor d, Scheme scheme, FieldValidation mode, ICollection<string> warnings)
    {
        CheckTypeMeta(node, d, scheme);
        var problems = new List<string>();
        if (mode != FieldValidation.Ignore)
        {
            if (!originalJson.IsEmpty)
            {
                problems.AddRange(UnknownFields.FindDuplicates(originalJson).Select(p => $"duplicate field \"{p}\""));
            }
            problems.AddRange(UnknownFields.Find(node, d.ModelType, KubernetesJsonOptions.Default).Select(p => $"unknown field \"{p}\""));
        }
        if (problems.Count > 0)
        {
            if (mode == FieldValidation.Strict)
            {
                throw ApiException.BadRequest($"{d.Kind} in version \"{d.Version}\" cannot be handled as a {d.Kind}: strict decoding error: {string.Join(", ", problems)}");
            }
            foreach (var p in problems)
            {
                warnings.Add(p);
            }
        }
        return new DecodedObject(ToModel(node, d), node);
    }

    public static IKubernetesObject<V1ObjectMeta> ToModel(JsonObject node, ResourceDescriptor d)
    {
        try
        {
            GoZeroValues.Fill(node, d.ModelType, KubernetesJsonOptions.Default);
            var model = ObjectCodec.Decode(node, d.ModelType);
            model.ApiVersion = d.ApiVersion;
            model.Kind = d.Kind;
            return model;
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or FormatException or InvalidOperationException or OverflowException)
        {
            throw ApiException.BadRequest($"{d.Kind} in version \"{d.Version}\" cannot be handled as a {d.Kind}: {e.Message}");
        }
    }

    /// <summary>
    /// The body's kind and apiVersion (defaulted from the path) must name this resource's type. Failures read as
    /// transformDecodeError words them: <c>Kind in version "v" cannot be handled as a Service: ...</c>, where the
    /// cause is either an unknown conversion between two registered kinds or a kind the scheme does not know.
    /// </summary>
    private static void CheckTypeMeta(JsonObject node, ResourceDescriptor d, Scheme scheme)
    {
        var apiVersion = StringOf(node, "apiVersion") is { Length: > 0 } v ? v : d.ApiVersion;
        var kind = StringOf(node, "kind") is { Length: > 0 } k ? k : d.Kind;
        if (apiVersion == d.ApiVersion && kind == d.Kind)
        {
            return;
        }
        var version = apiVersion[(apiVersion.LastIndexOf('/') + 1)..];
        var cause = scheme.IsRegistered(apiVersion, kind)
            ? $"converting ({version}.{kind}) to ({Scheme.InternalPackage(d)}.{d.Kind}): unknown conversion"
            : $"no kind \"{kind}\" is registered for version \"{apiVersion}\" in scheme \"{Scheme.Name}\"";
        throw ApiException.BadRequest($"{kind} in version \"{version}\" cannot be handled as a {d.Kind}: {cause}");
    }

    private static string? StringOf(JsonObject node, string name) =>
        node[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
