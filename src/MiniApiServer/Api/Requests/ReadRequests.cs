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
        QueryParameters.String(query, "resourceVersionMatch"));

    /// <summary><paramref name="bookmarkInterval"/> applies when the client allows bookmarks (<c>allowWatchBookmarks</c>).</summary>
    public static WatchOptions WatchOptions(IQueryCollection query, TimeSpan bookmarkInterval) => new(
        QueryParameters.String(query, "labelSelector"),
        QueryParameters.String(query, "fieldSelector"),
        QueryParameters.String(query, "resourceVersion"),
        QueryParameters.String(query, "resourceVersionMatch"),
        query.ContainsKey("sendInitialEvents") ? QueryParameters.Bool(query, "sendInitialEvents") : null,
        QueryParameters.Bool(query, "allowWatchBookmarks") ? bookmarkInterval : null);
}
