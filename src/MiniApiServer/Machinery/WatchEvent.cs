namespace MiniApiServer.Machinery;

/// <summary>The event types of a watch stream (apimachinery's watch.EventType).</summary>
internal enum WatchEventType
{
    Added,
    Modified,
    Deleted,
    Bookmark,
    Error,
}

/// <summary>
/// One event of a watch (apimachinery's watch.Event): its type and the object as JSON (for <see cref="WatchEventType.Error"/>,
/// a Status). An event that many watchers receive unchanged is one instance shared by all of them, and it keeps the
/// wire encodings made of it, so each encoding is made once however many watchers send it (the cacher's cachingObject).
/// </summary>
internal sealed class WatchEvent(WatchEventType type, byte[] objectJson)
{
    private (object Encoder, byte[] Bytes)[] _encodings = [];

    public WatchEventType Type { get; } = type;

    /// <summary>The object as JSON; never modified (it may be the stored bytes themselves).</summary>
    public byte[] Object { get; } = objectJson;

    /// <summary>The type as the wire writes it: <c>ADDED</c>, <c>MODIFIED</c>, <c>DELETED</c>, <c>BOOKMARK</c>, <c>ERROR</c>.</summary>
    public string TypeName => Type switch
    {
        WatchEventType.Added => "ADDED",
        WatchEventType.Modified => "MODIFIED",
        WatchEventType.Deleted => "DELETED",
        WatchEventType.Bookmark => "BOOKMARK",
        _ => "ERROR",
    };

    /// <summary>
    /// This event encoded by <paramref name="encode"/>, made on the first call for that <paramref name="encoder"/> and
    /// kept. Two threads may both encode on a first call; either result is kept, both are equal.
    /// </summary>
    public byte[] Encoded(object encoder, Func<WatchEvent, byte[]> encode)
    {
        foreach (var (e, bytes) in Volatile.Read(ref _encodings))
        {
            if (ReferenceEquals(e, encoder))
            {
                return bytes;
            }
        }
        var made = encode(this);
        var seen = Volatile.Read(ref _encodings);
        Interlocked.CompareExchange(ref _encodings, [.. seen, (encoder, made)], seen);
        return made;
    }
}

/// <summary>
/// A running watch (apimachinery's watch.Interface, shaped like a channel reader so a writer can flush once per burst):
/// wait until events are ready, then take them while <see cref="TryRead"/> has one. Disposing stops it.
/// </summary>
internal interface IWatch : IDisposable
{
    /// <summary>True when an event is ready (or a read should be tried); false once the watch has ended.</summary>
    ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken);

    bool TryRead([System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out WatchEvent watchEvent);
}
