using MiniApiServer.Machinery;


namespace MiniApiServer.Storage;

internal enum WriteKind
{
    Create,
    Update,
    Delete,
}

/// <summary>
/// One write. <see cref="Encode"/> is called by the backend once the write's revision is known, so the stored bytes
/// carry their own resourceVersion. <see cref="ExpectedRevision"/> is the optimistic precondition for updates and
/// deletes (null: whatever is current); a create expects the key to be absent.
/// </summary>
internal sealed record StoreWrite(
    WriteKind Kind,
    GroupResource Resource,
    string Namespace,
    string Name,
    long? ExpectedRevision,
    Func<long, EncodedObject> Encode)
{
    public string Key => ObjectKey.Of(Namespace, Name);
}
