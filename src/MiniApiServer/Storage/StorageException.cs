namespace MiniApiServer.Storage;

internal enum StorageErrorCode
{
    KeyExists,
    NotFound,
    Conflict,
}

/// <summary>A storage precondition failed; the registry turns it into the Status of the resource concerned.</summary>
internal sealed class StorageException(StorageErrorCode code, string message) : Exception(message)
{
    public StorageErrorCode Code { get; } = code;
}
