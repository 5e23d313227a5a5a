using MiniApiServer.Machinery;

namespace MiniApiServer.Storage;

/// <summary>
/// One object as the store holds it: its serialized JSON (UTF-8, exactly the bytes GET answers), the revision
/// that wrote it, and the labels and fields selectors filter on. Immutable and shared between readers.
/// </summary>
internal sealed record StoredObject(GroupResource Resource, string Namespace, string Name, long ResourceVersion, byte[] Json, ObjectAttributes Attributes)
{
    public string Key { get; } = ObjectKey.Of(Namespace, Name);
}

/// <summary>Keys order objects within a resource as etcd keys do: by namespace, then name, byte-wise.</summary>
internal static class ObjectKey
{
    public static string Of(string ns, string name) => ns.Length == 0 ? name : ns + "/" + name;

    /// <summary>The first key of a namespace's range; every key in it starts with this prefix.</summary>
    public static string NamespacePrefix(string ns) => ns + "/";
}

/// <summary>The new state of an object as produced by the caller for a given revision.</summary>
internal sealed record EncodedObject(byte[] Json, ObjectAttributes Attributes);

internal enum StoreEventType
{
    Added,
    Modified,
    Deleted,
}

/// <summary>
/// One committed change. For a deletion, <see cref="Object"/> is the last state stamped with the deletion's
/// revision (what a DELETED watch event carries) and <see cref="Previous"/> the state before it.
/// </summary>
internal sealed record StoreEvent(StoreEventType Type, StoredObject Object, StoredObject? Previous)
{
    private WatchEvent? _watchEvent;

    public long ResourceVersion => Object.ResourceVersion;

    /// <summary>
    /// The event as every watcher that sees the change unfiltered receives it: one instance for all of them, so its
    /// wire frame is encoded once.
    /// </summary>
    public WatchEvent AsWatchEvent()
    {
        if (_watchEvent is { } made)
        {
            return made;
        }
        var type = Type switch
        {
            StoreEventType.Added => WatchEventType.Added,
            StoreEventType.Modified => WatchEventType.Modified,
            _ => WatchEventType.Deleted,
        };
        Interlocked.CompareExchange(ref _watchEvent, new WatchEvent(type, Object.Json), null);
        return _watchEvent;
    }
}
