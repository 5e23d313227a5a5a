namespace MiniApiServer.Api.OpenApi;

/// <summary>A query parameter of an operation, described once for both documents (Swagger UI's and <c>/openapi/v3</c>).</summary>
/// <param name="Type">The OpenAPI type of its value: <c>string</c>, <c>integer</c> or <c>boolean</c>.</param>
internal sealed record QueryParameter(string Name, string Type, string Description, IReadOnlyList<string>? Enum = null);

/// <summary>
/// The query parameters of each Kubernetes verb, with texts following kube-apiserver's
/// <c>api/openapi-spec/v3/api__v1_openapi.json</c>, shortened where this server serves less. Every parameter is
/// inline (never a <c>$ref</c>): kubectl's QueryParamVerifier looks for <c>fieldValidation</c> by name on the PATCH
/// operation (kubectl-wire.md §1.6).
/// </summary>
internal static class VerbParameters
{
    public static readonly QueryParameter Pretty = new("pretty", "string",
        "If 'true', then the output is pretty printed. Accepted for compatibility; this server always answers compact JSON.");

    private static readonly QueryParameter[] List =
    [
        new("labelSelector", "string",
            "A selector to restrict the list of returned objects by their labels (=, ==, !=, in, notin, exists, !key). Defaults to everything."),
        new("fieldSelector", "string",
            "A selector to restrict the list of returned objects by their fields (metadata.name, metadata.namespace and the kind's own field labels). Defaults to everything."),
        new("limit", "integer",
            "limit is a maximum number of responses to return for a list call. If more items exist, the server will set the `continue` field on the list metadata to a value that can be used with the same initial query to retrieve the next set of results."),
        new("continue", "string",
            "The continue option should be set when retrieving more results from the server: the value of `metadata.continue` of the previous page, with otherwise identical query parameters."),
        new("resourceVersion", "string",
            "resourceVersion sets a constraint on what resource versions a request may be served from. Defaults to unset (the most recent)."),
        new("resourceVersionMatch", "string",
            "resourceVersionMatch determines how resourceVersion is applied to list calls. It is highly recommended that "
            + "resourceVersionMatch be set for list calls where resourceVersion is set.", ["Exact", "NotOlderThan"]),
    ];

    /// <summary>The list verb also serves watch (<c>?watch=true</c>): its stream options.</summary>
    private static readonly QueryParameter[] Watch =
    [
        new("watch", "boolean",
            "Watch for changes to the described resources and return them as a stream of add, update, and remove notifications (one JSON object per line). Specify resourceVersion."),
        new("allowWatchBookmarks", "boolean",
            "allowWatchBookmarks requests watch events with type \"BOOKMARK\", carrying only the current resourceVersion."),
        new("timeoutSeconds", "integer",
            "Timeout for the list/watch call: the watch stream ends cleanly after this many seconds."),
        new("sendInitialEvents", "boolean",
            "With watch=true and resourceVersionMatch=NotOlderThan: send the current state as ADDED events, then a BOOKMARK annotated \"k8s.io/initial-events-end\": \"true\"."),
    ];

    private static readonly QueryParameter DryRun = new("dryRun", "string",
        "When present, indicates that modifications should not be persisted. Valid values are: - All: all dry run stages will be processed", ["All"]);

    private static readonly QueryParameter[] Write =
    [
        DryRun,
        new("fieldManager", "string",
            "fieldManager is a name associated with the actor or entity that is making these changes. Accepted for compatibility; this server does not track managedFields yet."),
        new("fieldValidation", "string",
            "fieldValidation instructs the server on how to handle objects in the request containing unknown or duplicate fields: "
            + "Ignore drops them silently, Warn (the default) drops them and sends a Warning header for each, Strict fails the request with a BadRequest error.",
            ["Ignore", "Warn", "Strict"]),
    ];

    private static readonly QueryParameter[] Delete =
    [
        DryRun,
        new("gracePeriodSeconds", "integer",
            "The duration in seconds before the object should be deleted. Value must be non-negative integer. The value zero indicates delete immediately. "
            + "If this value is nil, the default grace period for the specified type will be used."),
        new("propagationPolicy", "string",
            "Whether and how garbage collection will be performed: 'Orphan', 'Background' or 'Foreground'.", ["Background", "Foreground", "Orphan"]),
    ];

    /// <summary>The query parameters of a verb (<see cref="Pretty"/> aside, which every operation takes).</summary>
    public static IReadOnlyList<QueryParameter> Of(string verb) => verb switch
    {
        "list" => [.. List, .. Watch],
        // The legacy /watch/ paths: a watch whatever the watch parameter says.
        "watch" or "watchlist" => [.. List, .. Watch.Where(p => p.Name != "watch")],
        "create" or "update" or "patch" => Write,
        "delete" => Delete,
        // DELETE on a collection selects like a list (limit and continue do not apply) and deletes each item.
        "deletecollection" => [.. List.Where(p => p.Name is not ("limit" or "continue")), .. Delete],
        _ => [],
    };

    /// <summary>The description of the <c>namespace</c> and <c>name</c> path parameters.</summary>
    public static string? PathDescription(string name, string kind) => name switch
    {
        "namespace" => "object name and auth scope, such as for teams and projects",
        "name" => $"name of the {kind}",
        _ => null,
    };
}
