using System.Globalization;
using MiniApiServer.Machinery;

namespace MiniApiServer.Registry;

/// <summary>
/// A LIST's options as the client sent them (metainternalversion.ListOptions): selectors as text, a page size (0: all),
/// a continue token, and the resourceVersion semantics.
/// </summary>
internal sealed record ListOptions(
    string? LabelSelector = null,
    string? FieldSelector = null,
    long Limit = 0,
    string? Continue = null,
    string? ResourceVersion = null,
    string? ResourceVersionMatch = null,
    bool? SendInitialEvents = null)
{
    public static ListOptions Everything { get; } = new();

    /// <summary>metainternalversion validation.ValidateListOptions, then the continue/resourceVersion rule of the storage.</summary>
    public void Validate()
    {
        var errors = new List<FieldError>();
        if (ResourceVersionMatch is { Length: > 0 } match)
        {
            if (string.IsNullOrEmpty(ResourceVersion))
            {
                errors.Add(FieldError.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden unless resourceVersion is provided"));
            }
            if (!string.IsNullOrEmpty(Continue))
            {
                errors.Add(FieldError.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided"));
            }
            if (match == "Exact" && ResourceVersion == "0")
            {
                errors.Add(FieldError.Forbidden("resourceVersionMatch", "resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\""));
            }
            if (match is not ("Exact" or "NotOlderThan"))
            {
                errors.Add(FieldError.NotSupported("resourceVersionMatch", match, ["Exact", "NotOlderThan", ""]));
            }
        }
        // Present at all, even false: only a watch may ask for initial events.
        if (SendInitialEvents is not null)
        {
            errors.Add(FieldError.Forbidden("sendInitialEvents", "sendInitialEvents is forbidden for list"));
        }
        if (errors.Count > 0)
        {
            throw ApiException.InvalidOptions("ListOptions", errors);
        }
        if (!string.IsNullOrEmpty(Continue) && ResourceVersion is { Length: > 0 } and not "0")
        {
            throw ApiException.BadRequest("specifying resource version is not allowed when using continue");
        }
    }
}

/// <summary>
/// A WATCH's options as the client sent them: selectors as text, where to start (resourceVersion, and with
/// sendInitialEvents the initial state first), how often to send progress bookmarks (null: never), and when the watch
/// ends (null: not known to the watch).
/// </summary>
internal sealed record WatchOptions(
    string? LabelSelector = null,
    string? FieldSelector = null,
    string? ResourceVersion = null,
    string? ResourceVersionMatch = null,
    bool? SendInitialEvents = null,
    TimeSpan? BookmarkInterval = null,
    TimeSpan? Timeout = null)
{
    /// <summary>The revision to start after, or null for the current state ("" and "0"); 400 for anything not a number.</summary>
    public long? StartRevision()
    {
        if (string.IsNullOrEmpty(ResourceVersion) || ResourceVersion == "0")
        {
            return null;
        }
        if (!long.TryParse(ResourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            throw ApiException.BadRequest(
                $"resourceVersion: Invalid value: {GoValue.Quote(ResourceVersion)}: strconv.ParseUint: parsing {GoValue.Quote(ResourceVersion)}: invalid syntax");
        }
        return parsed;
    }

    /// <summary>The watch-specific rules of ValidateListOptions (sendInitialEvents and resourceVersionMatch go together).</summary>
    public void Validate()
    {
        var errors = new List<FieldError>();
        var match = ResourceVersionMatch;
        if (SendInitialEvents is not null && match != "NotOlderThan")
        {
            errors.Add(FieldError.Forbidden("resourceVersionMatch", "sendInitialEvents requires setting resourceVersionMatch to NotOlderThan"));
        }
        if (!string.IsNullOrEmpty(match))
        {
            if (SendInitialEvents is null)
            {
                errors.Add(FieldError.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided"));
            }
            if (match != "NotOlderThan")
            {
                errors.Add(FieldError.NotSupported("resourceVersionMatch", match, ["NotOlderThan"]));
            }
        }
        if (errors.Count > 0)
        {
            throw ApiException.InvalidOptions("ListOptions", errors);
        }
    }
}

/// <summary>A page of a list: its resourceVersion, continue token and remaining count (when known), and the objects as JSON.</summary>
internal sealed record ListResult(string ResourceVersion, string? Continue, long? RemainingItemCount, IReadOnlyList<byte[]> Items);
