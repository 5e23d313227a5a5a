using MiniApiServer.Machinery;

namespace MiniApiServer.Api.Requests;

/// <summary>
/// The Status errors only the HTTP surface can cause (apimachinery's errors.go factories, used by the handlers and
/// negotiation): an unknown path, an unacceptable Accept, an unreadable body type, a body over the limit.
/// </summary>
internal static class HttpErrors
{
    public static ApiException PathNotFound() =>
        new(404, "NotFound", "the server could not find the requested resource");

    public static ApiException UnsupportedMediaType(IEnumerable<string> accepted) =>
        new(415, "UnsupportedMediaType",
            "the body of the request was in an unknown format - accepted media types include: " + string.Join(", ", accepted));

    public static ApiException NotAcceptable(IEnumerable<string> accepted) =>
        new(406, "NotAcceptable", "only the following media types are accepted: " + string.Join(", ", accepted));

    /// <summary>A conversion the answer cannot take (handlers/response.go errNotAcceptable: a list as PartialObjectMetadata).</summary>
    public static ApiException NotAcceptable(string message) => new(406, "NotAcceptable", message);

    public static ApiException RequestEntityTooLarge(long limit) =>
        new(413, "RequestEntityTooLarge", $"Request entity too large: limit is {limit}");
}
