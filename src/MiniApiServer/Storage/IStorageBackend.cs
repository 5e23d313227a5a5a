using MiniApiServer.Machinery;

namespace MiniApiServer.Storage;

/// <summary>
/// Where objects are kept durably, below the <see cref="CachingStore"/> (kube-apiserver's storage.Interface over etcd,
/// without the reads: every read is served from the caching store's memory). The caching store calls a backend from
/// one thread only, its writer, so a backend needs no locking of its own.
/// <para>
/// The contract is shaped so that a backend whose revisions come from a remote server fits as well as an embedded
/// one: the backend, not the caller, assigns revisions, and preconditions are compared with the revision the backend
/// has stored for the key, inside its own transaction (etcd: a Txn comparing the key's mod_revision). Revisions need
/// not be consecutive: another writer may take the ones between, and the caching store then reads them with
/// <see cref="ChangesAfter"/>.
/// </para>
/// </summary>
internal interface IStorageBackend : IDisposable
{
    /// <summary>Everything stored, and the changes still retained for watches (oldest first). Called once, before anything else.</summary>
    BackendState Load();

    /// <summary>
    /// Applies the writes in order and durably: when this returns, every write reported committed is on the device.
    /// Each write's precondition (<see cref="StoreWrite.Kind"/>, <see cref="StoreWrite.ExpectedRevision"/>) is compared
    /// with the revision stored for its key at that point, earlier writes of the batch included; a write whose
    /// precondition fails, or whose encoder throws, is reported failed and the others go on. Each committed write gets
    /// its own revision, higher than any the backend reported before. LiteDB commits the batch atomically, in one
    /// transaction; the caching store relies only on each write being all or nothing, so a remote backend may give every
    /// write its own transaction. A throw means the outcome is unknown to the caller (LiteDB rolls the batch back; a
    /// remote backend may have applied part of it): the caching store then reads what became durable with
    /// <see cref="ChangesAfter"/>.
    /// </summary>
    IReadOnlyList<BackendResult> Commit(IReadOnlyList<StoreWrite> writes);

    /// <summary>The committed changes with a revision above <paramref name="revision"/>, oldest first; null when some are no longer retained.</summary>
    IReadOnlyList<BackendChange>? ChangesAfter(long revision);

    /// <summary>
    /// Housekeeping between batches (LiteDB copies its log into the data file here). <paramref name="idle"/> is true
    /// when no write is waiting, so work done now delays nobody.
    /// </summary>
    void Maintain(bool idle);
}

/// <summary>What a backend holds at start-up: its latest revision, every object, and the retained changes, oldest first.</summary>
internal sealed record BackendState(long Revision, IReadOnlyList<BackendObject> Objects, IReadOnlyList<BackendChange> Changes);

/// <summary>An object as a backend stores it: its key, the revision that wrote it and its JSON.</summary>
internal sealed record BackendObject(GroupResource Resource, string Namespace, string Name, long Revision, byte[] Json);

/// <summary>A committed change as a backend keeps it for watches: the object (for a deletion, its last state) and the state before.</summary>
internal sealed record BackendChange(StoreEventType Type, BackendObject Object, BackendObject? Previous);

/// <summary>The outcome of one write of a batch: committed at a revision with the bytes stored, or failed.</summary>
internal readonly record struct BackendResult(long Revision, EncodedObject? Value, Exception? Error)
{
    public static BackendResult Committed(long revision, EncodedObject value) => new(revision, value, null);

    public static BackendResult Failed(Exception error) => new(0, null, error);

    public bool Succeeded => Error is null;
}
