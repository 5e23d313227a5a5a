using System.Text.Json;
using System.Text.Json.Nodes;
using MiniApiServer.Machinery;

namespace MiniApiServer.Api.Patching;

/// <summary>
/// How kube-apiserver's patch handler classifies a failed json-patch or merge-patch
/// (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go, <c>jsonPatcher.applyJSPatch</c>).
/// </summary>
internal enum PatchErrorKind
{
    /// <summary>400 BadRequest: the patch document could not be decoded. <see cref="Exception.Message"/> is the Status message.</summary>
    BadRequest,

    /// <summary>
    /// 422 Invalid: a JSON patch operation failed to apply. kube builds this with
    /// <c>errors.NewGenericServerResponse(422, ..., isUnexpectedResponse=false)</c>, so the client sees only
    /// <see cref="PatchException.GenericInvalidMessage"/> and no causes; <see cref="Exception.Message"/> keeps the
    /// evanphx/json-patch reason for logs.
    /// </summary>
    Invalid,

    /// <summary>413 RequestEntityTooLarge: more than <see cref="JsonPatch.MaxOperations"/> operations. <see cref="Exception.Message"/> is the Status message.</summary>
    TooLarge,
}

/// <summary>
/// A patch document kube-apiserver would refuse. <see cref="Exception.Message"/> is always the detailed reason;
/// <see cref="StatusMessage"/> is what kube-apiserver actually puts in the Status it answers with.
/// </summary>
internal sealed class PatchException : Exception
{
    /// <summary>The Status message of every 422 from a failed JSON patch operation (apimachinery errors.go, NewGenericServerResponse).</summary>
    public const string GenericInvalidMessage = "the server rejected our request due to an error in our request";

    public PatchException(PatchErrorKind kind, string message)
        : base(message)
    {
        Kind = kind;
    }

    public PatchErrorKind Kind { get; }

    public int StatusCode => Kind switch
    {
        PatchErrorKind.BadRequest => 400,
        PatchErrorKind.Invalid => 422,
        _ => 413,
    };

    public string StatusReason => Kind switch
    {
        PatchErrorKind.BadRequest => "BadRequest",
        PatchErrorKind.Invalid => "Invalid",
        _ => "RequestEntityTooLarge",
    };

    /// <summary>The Status message kube-apiserver sends: the reason itself, except for <see cref="PatchErrorKind.Invalid"/>.</summary>
    public string StatusMessage => Kind == PatchErrorKind.Invalid ? GenericInvalidMessage : Message;

    /// <summary>The Status kube-apiserver answers with (a 422 carries neither the reason nor causes).</summary>
    public ApiException ToApiException() => new(StatusCode, StatusReason, StatusMessage);

    /// <summary>
    /// The body is not JSON. kube reports Go's own syntax error after this prefix; ours comes from System.Text.Json,
    /// except for the empty body, which Go reports as <c>unexpected end of JSON input</c>.
    /// </summary>
    /// <summary>
    /// Reads every string of a freshly parsed patch once. <c>JsonNode.Parse</c> decodes strings lazily, and an escaped
    /// lone surrogate (<c>"\ud800"</c>) would otherwise fail later, far from the parse, as an unexpected error.
    /// </summary>
    /// <exception cref="JsonException">A string has no UTF-8 form.</exception>
    internal static JsonNode? Materialized(JsonNode? node)
    {
        try
        {
            _ = node?.ToJsonString();
            return node;
        }
        catch (InvalidOperationException e)
        {
            throw new JsonException("invalid string: " + e.Message, e);
        }
    }

    internal static PatchException Undecodable(ReadOnlySpan<byte> body, JsonException error)
    {
        var reason = body.Trim(" \t\r\n"u8).IsEmpty ? "unexpected end of JSON input" : error.Message;
        return new PatchException(PatchErrorKind.BadRequest, "error decoding patch: " + reason);
    }

    /// <summary>
    /// The body is JSON of the wrong shape: the message of Go's <c>json.UnmarshalTypeError</c>, which patch.go gets from
    /// its strict pre-decode (<c>kjson.UnmarshalStrict</c>, run for the default fieldValidation Warn and for Strict).
    /// </summary>
    internal static PatchException CannotUnmarshal(JsonNode value, string goTarget) =>
        new(PatchErrorKind.BadRequest, $"error decoding patch: json: cannot unmarshal {GoKind(value)} into {goTarget}");

    private static string GoKind(JsonNode value) => value.GetValueKind() switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        _ => "bool",
    };
}
