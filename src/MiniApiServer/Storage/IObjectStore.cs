using MiniApiServer.Machinery;

namespace MiniApiServer.Storage;

/// <summary>
/// The storage interface the registry uses, shaped like kube-apiserver's storage.Interface behind its cacher: reads
/// from consistent in-memory snapshots (get, list with paging and resourceVersion semantics, watch), and one write path
/// that assigns resourceVersions in commit order. Nothing above this knows which backend keeps the data.
/// </summary>
internal interface IObjectStore
{
    /// <summary>The latest committed state.</summary>
    StoreSnapshot Current { get; }

    /// <summary>
    /// One page of a resource's objects (optionally one namespace's) that <see cref="StoreListOptions.Filter"/> keeps, read
    /// at the revision the options ask for (k8s-semantics.md §1.3–1.4).
    /// </summary>
    Task<StoreList> ListAsync(GroupResource resource, string? ns, StoreListOptions options, CancellationToken cancellationToken);

    /// <summary>
    /// Starts a watch of a resource (optionally one namespace): subscribed at once, so no change after this call is
    /// missed; the starting state (initial events or a replay) is read when the watch is first read.
    /// </summary>
    IWatch Watch(GroupResource resource, string? ns, StoreWatchOptions options);

    /// <summary>
    /// Commits one write durably (on disk when the task completes) and returns its event. Throws
    /// <see cref="StorageException"/> when a precondition fails.
    /// </summary>
    Task<StoreEvent> CommitAsync(StoreWrite write, CancellationToken cancellationToken = default);
}

/// <summary>
/// What a list asks of the store: <c>resourceVersion</c> and <c>resourceVersionMatch</c> as the client sent them (already
/// validated together), a page size (0: everything) and a continue token, and the selection (null: every object, which
/// also lets a page count the objects after it).
/// </summary>
internal sealed record StoreListOptions(
    string? ResourceVersion = null,
    string? ResourceVersionMatch = null,
    long Limit = 0,
    string? Continue = null,
    Func<ObjectAttributes, bool>? Filter = null);

/// <summary>One page of a list: the revision it was read at, its objects in key order, and how to go on.</summary>
internal sealed record StoreList(long Revision, IReadOnlyList<StoredObject> Items, string? Continue, long? RemainingItemCount);

/// <summary>
/// Where a watch starts and what it sends. With <see cref="InitialState"/>, the current state (at least at
/// <see cref="From"/>) comes first as ADDED events, followed by an initial-events-end bookmark if
/// <see cref="InitialEventsEnd"/>; otherwise exactly the changes after <see cref="From"/>. <see cref="Bookmark"/> renders
/// the object of a BOOKMARK event at a revision (true: the initial-events-end one); <see cref="BookmarkInterval"/>, when
/// set, sends one after that long without events, and, when the watch ends after <see cref="Timeout"/>, one about two
/// seconds before it ends.
/// </summary>
internal sealed record StoreWatchOptions(
    long? From,
    bool InitialState,
    bool InitialEventsEnd,
    Func<ObjectAttributes, bool>? Filter,
    Func<long, bool, byte[]> Bookmark,
    TimeSpan? BookmarkInterval,
    TimeSpan? Timeout = null);
