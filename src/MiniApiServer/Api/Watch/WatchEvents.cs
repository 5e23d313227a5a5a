using System.Text;
using MiniApiServer.Machinery;

namespace MiniApiServer.Api.Watch;

/// <summary>
/// The JSON stream encoding of watch events: one newline-terminated <c>{"type":…,"object":…}</c> per event. An event
/// many watchers share is encoded once (the frame is kept with the event).
/// </summary>
internal static class WatchEvents
{
    /// <summary>The key under which an event keeps its JSON frame.</summary>
    private static readonly object JsonFrame = new();

    public static byte[] Frame(WatchEvent e) => e.Encoded(JsonFrame, static ev => Frame(ev.TypeName, ev.Object));

    public static byte[] Frame(string type, ReadOnlySpan<byte> objectJson)
    {
        var head = Encoding.UTF8.GetBytes($"{{\"type\":\"{type}\",\"object\":");
        var frame = new byte[head.Length + objectJson.Length + 2];
        head.CopyTo(frame, 0);
        objectJson.CopyTo(frame.AsSpan(head.Length));
        frame[^2] = (byte)'}';
        frame[^1] = (byte)'\n';
        return frame;
    }
}
