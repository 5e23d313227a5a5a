using System.Collections.Concurrent;
using MiniApiServer.Api.Requests;
using MiniApiServer.Api.Tables;
using MiniApiServer.Machinery;
using MiniApiServer.Registry;

namespace MiniApiServer.Api.Watch;

/// <summary>
/// The frames of a watch whose objects are converted (handlers/response.go watchEmbeddedEncoder): with
/// <c>as=Table</c> each event's object is a one-row Table, with the column definitions only in the watch's first
/// event (the watch's table options turn NoHeaders on after it, whatever that event was); with
/// <c>as=PartialObjectMetadata</c> it is the object's metadata. ERROR events keep their Status. With
/// <c>as=PartialObjectMetadataList</c>, which no single object can become, upstream logs the failed conversion and
/// sends the object itself, and so does this. A converted frame is made once per event and kept with it for every
/// watcher that converts the same way, as upstream caches the embedded encoding per encoder identifier; like there,
/// ages are those of the first encoding.
/// </summary>
internal sealed class WatchObjectEncoding(KindRegistration kind, ResponseTarget target, IncludeObject include, TimeProvider time)
{
    /// <summary>One key per way of converting, so an event keeps each conversion once.</summary>
    private static readonly ConcurrentDictionary<(Conversion, string, IncludeObject, bool), object> Keys = new();

    private bool _first = true;

    /// <summary>The frame of <paramref name="e"/> for this watch; call once per event, in order.</summary>
    public byte[] Frame(WatchEvent e)
    {
        var columns = _first;
        _first = false;
        if (e.Type == WatchEventType.Error || target.Conversion is Conversion.None or Conversion.PartialObjectMetadataList)
        {
            return WatchEvents.Frame(e);
        }
        var key = Keys.GetOrAdd((target.Conversion, target.MetaVersion, include, columns && target.Conversion == Conversion.Table), _ => new object());
        return e.Encoded(key, ev => WatchEvents.Frame(ev.TypeName, Convert(ev.Object, columns)));
    }

    private byte[] Convert(byte[] json, bool columns) => target.Conversion == Conversion.Table
        ? TableWriter.OneRow(kind, target.MetaApiVersion, include, json, time.GetUtcNow().UtcDateTime, columns)
        : PartialObjectMetadata.Of(target.MetaApiVersion, json);
}
