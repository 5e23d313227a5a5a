using MiniApiServer.Registry;

namespace MiniApiServer.Api.Requests;

/// <summary>The list and watch options of a request's query string, as the registry takes them (parsing and validation are the registry's).</summary>
internal static class ReadRequests
{
    public static ListOptions ListOptions(IQueryCollection query) => new(
        QueryParameters.String(query, "labelSelector"),
        QueryParameters.String(query, "fieldSelector"),
        QueryParameters.Int64(query, "limit") ?? 0,
        QueryParameters.String(query, "continue"),
        QueryParameters.String(query, "resourceVersion"),
        QueryParameters.String(query, "resourceVersionMatch"),
        SendInitialEvents(query));

    /// <summary>
    /// <paramref name="bookmarkInterval"/> applies when the client allows bookmarks (<c>allowWatchBookmarks</c>);
    /// <paramref name="timeout"/> is when the handler will end the stream.
    /// </summary>
    public static WatchOptions WatchOptions(IQueryCollection query, TimeSpan bookmarkInterval, TimeSpan timeout) => new(
        QueryParameters.String(query, "labelSelector"),
        QueryParameters.String(query, "fieldSelector"),
        QueryParameters.String(query, "resourceVersion"),
        QueryParameters.String(query, "resourceVersionMatch"),
        SendInitialEvents(query),
        QueryParameters.Bool(query, "allowWatchBookmarks") ? bookmarkInterval : null,
        timeout);

    private static bool? SendInitialEvents(IQueryCollection query) =>
        query.ContainsKey("sendInitialEvents") ? QueryParameters.Bool(query, "sendInitialEvents") : null;
}
