using k8s.Models;

namespace MiniApiServer.Machinery;

/// <summary>
/// A client-visible failure carrying the Kubernetes <c>Status</c> it is answered with
/// (apimachinery pkg/api/errors/errors.go). Thrown by any layer; the HTTP layer writes it. Errors only HTTP can cause
/// (406, 413, 415, an unknown path) are the HTTP layer's own (Api/HttpErrors.cs).
/// </summary>
internal sealed class ApiException : Exception
{
    public ApiException(int code, string reason, string message, V1StatusDetails? details = null)
        : base(message)
    {
        Status = new V1Status
        {
            ApiVersion = "v1",
            Kind = "Status",
            Metadata = new V1ListMeta(),
            Status = "Failure",
            Code = code,
            Reason = reason,
            Message = message,
            Details = details,
        };
    }

    public V1Status Status { get; }

    public int Code => Status.Code ?? 500;

    public static ApiException NotFound(GroupResource resource, string name) =>
        new(404, "NotFound", $"{resource} \"{name}\" not found", Details(resource, name));

    public static ApiException AlreadyExists(GroupResource resource, string name) =>
        new(409, "AlreadyExists", $"{resource} \"{name}\" already exists", Details(resource, name));

    public static ApiException Conflict(GroupResource resource, string name, string why) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {resource} \"{name}\": {why}", Details(resource, name));

    /// <summary>The optimistic-concurrency failure (storage.ErrConflict surfaced by the generic store).</summary>
    public static ApiException StaleResourceVersion(GroupResource resource, string name) =>
        Conflict(resource, name, "the object has been modified; please apply your changes to the latest version and try again");

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiException Forbidden(GroupResource resource, string name, string why, IList<V1StatusCause>? causes = null)
    {
        var details = Details(resource, name);
        details.Causes = causes;
        return new(403, "Forbidden", $"{resource} \"{name}\" is forbidden: {why}", details);
    }

    public static ApiException MethodNotAllowed() =>
        new(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");

    /// <summary>A verb the resource's storage does not implement (errors.NewMethodNotSupported), e.g. watch on a computed view.</summary>
    public static ApiException MethodNotSupported(GroupResource resource, string verb) =>
        new(405, "MethodNotAllowed", $"{verb} is not supported on resources of kind \"{resource}\"",
            new V1StatusDetails { Group = resource.Group.Length == 0 ? null : resource.Group, Kind = resource.Resource });

    /// <summary>504 for a read at a revision the store has not reached within the wait (storage.NewTooLargeResourceVersionError).</summary>
    public static ApiException TooLargeResourceVersion(long wanted, long current) =>
        new(504, "Timeout", $"Timeout: Too large resource version: {wanted}, current: {current}",
            new V1StatusDetails { RetryAfterSeconds = 1, Causes = [new V1StatusCause { Reason = "ResourceVersionTooLarge", Message = "Too large resource version" }] });

    public static ApiException Expired(string message) => new(410, "Expired", message);

    public static ApiException Internal(string message) =>
        new(500, "InternalError", $"Internal error occurred: {message}",
            new V1StatusDetails { Causes = [new V1StatusCause { Message = message }] });

    /// <summary>
    /// 422 Invalid (errors.NewInvalid with a GroupKind): <c>Kind "name" is invalid: err</c> or <c>[err1, err2]</c>,
    /// duplicates removed; a kind of a named group is written <c>Kind.group</c>.
    /// </summary>
    public static ApiException Invalid(string kind, string name, IReadOnlyList<FieldError> errors, string group = "")
    {
        var qualified = group.Length == 0 ? kind : kind + "." + group;
        var messages = errors.Select(e => e.ToString()).Distinct().ToList();
        var message = messages.Count switch
        {
            0 => $"{qualified} \"{name}\" is invalid",
            1 => $"{qualified} \"{name}\" is invalid: {messages[0]}",
            _ => $"{qualified} \"{name}\" is invalid: [{string.Join(", ", messages)}]",
        };
        var causes = errors.Select(e => new V1StatusCause { Reason = e.CauseReason, Message = e.Body, Field = e.Field }).ToList();
        return new ApiException(422, "Invalid", message,
            new V1StatusDetails { Name = name, Group = group.Length == 0 ? null : group, Kind = kind, Causes = causes });
    }

    /// <summary>A 422 on request options, e.g. <c>CreateOptions.meta.k8s.io "" is invalid: dryRun: ...</c>.</summary>
    public static ApiException InvalidOptions(string optionsKind, IReadOnlyList<FieldError> errors) =>
        Invalid(optionsKind, "", errors, "meta.k8s.io");

    private static V1StatusDetails Details(GroupResource resource, string name) =>
        new() { Name = name, Group = resource.Group.Length == 0 ? null : resource.Group, Kind = resource.Resource };
}
