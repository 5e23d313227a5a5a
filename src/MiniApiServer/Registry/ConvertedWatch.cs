using System.Diagnostics.CodeAnalysis;
using MiniApiServer.Machinery;

namespace MiniApiServer.Registry;

/// <summary>
/// A watch of a stored kind's objects, in a converted kind's form. Each event's object is converted once however many
/// watchers of the converted kind receive it (<see cref="WatchEvent.Encoded"/> keyed by the conversion); bookmarks are
/// already the served kind's and errors are Status objects, so both pass unchanged.
/// </summary>
internal sealed class ConvertedWatch(IWatch inner, IKindConversion conversion) : IWatch
{
    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken) => inner.WaitToReadAsync(cancellationToken);

    public bool TryRead([MaybeNullWhen(false)] out WatchEvent watchEvent)
    {
        if (!inner.TryRead(out var e))
        {
            watchEvent = null;
            return false;
        }
        watchEvent = e.Type is WatchEventType.Bookmark or WatchEventType.Error
            ? e
            : new WatchEvent(e.Type, e.Encoded(conversion, stored => conversion.FromStored(stored.Object)));
        return true;
    }

    public void Dispose() => inner.Dispose();
}
