namespace MiniApiServer.Storage;

/// <summary>
/// The storage interface everything above Storage/ uses, shaped like kube-apiserver's storage.Interface:
/// reads of consistent snapshots from memory, one write path that assigns resourceVersions in commit order,
/// and the committed change stream. Nothing above this knows which database sits below.
/// </summary>
internal interface IObjectStore
{
    /// <summary>The latest committed state.</summary>
    StoreSnapshot Current { get; }

    /// <summary>The oldest revision a watch or an exact list can still start from.</summary>
    long OldestRevision { get; }

    /// <summary>The state at an older revision, or null when it is no longer retained (410 Expired upstream).</summary>
    StoreSnapshot? SnapshotAt(long revision);

    /// <summary>Committed events after a revision, or null when some are no longer retained.</summary>
    IReadOnlyList<StoreEvent>? EventsAfter(long revision);

    /// <summary>
    /// Commits one write durably (on disk when the task completes) and returns its event. Throws
    /// <see cref="StorageException"/> when a precondition fails.
    /// </summary>
    Task<StoreEvent> CommitAsync(StoreWrite write, CancellationToken cancellationToken = default);

    /// <summary>
    /// Registers a callback run on the writer after every committed batch, in commit order. It must not block:
    /// hand the events to a queue.
    /// </summary>
    IDisposable Subscribe(Action<IReadOnlyList<StoreEvent>> onCommitted);
}
