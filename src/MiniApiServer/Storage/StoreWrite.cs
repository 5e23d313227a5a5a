namespace MiniApiServer.Storage;

internal enum WriteKind
{
    Create,
    Update,
    Delete,
}

/// <summary>
/// One write for the single writer. <see cref="Encode"/> runs on the writer thread once the revision is known,
/// so the stored bytes carry their own resourceVersion. <see cref="ExpectedRevision"/> is the optimistic
/// precondition for updates and deletes (null: whatever is current).
/// </summary>
internal sealed record StoreWrite(
    WriteKind Kind,
    string Resource,
    string Namespace,
    string Name,
    long? ExpectedRevision,
    Func<long, EncodedObject> Encode);
