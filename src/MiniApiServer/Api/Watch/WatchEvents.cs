using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using MiniApiServer.Machinery;
using MiniApiServer.Registry;
using MiniApiServer.Selectors;
using MiniApiServer.Storage;

namespace MiniApiServer.Api.Watch;

/// <summary>
/// What a watcher with selectors sees of a change (k8s-semantics.md §8.3) and the bytes it is sent as: one
/// newline-terminated <c>{"type":…,"object":…}</c>. The common frame of an event is built once and shared by every
/// watcher that receives it unchanged.
/// </summary>
internal static class WatchEvents
{
    private static readonly ConditionalWeakTable<StoreEvent, byte[]> Frames = new();

    /// <summary>The frame this watcher gets for <paramref name="e"/>, or null when the change is not its business.</summary>
    public static byte[]? FrameFor(StoreEvent e, LabelSelector labels, FieldSelector fields)
    {
        if (labels.IsEmpty && fields.IsEmpty)
        {
            return Natural(e);
        }
        var before = e.Previous is { } p && Matches(p, labels, fields);
        var after = e.Type != StoreEventType.Deleted && Matches(e.Object, labels, fields);
        return (before, after) switch
        {
            (true, true) => Natural(e),
            (false, true) => Frame("ADDED", e.Object.Json),
            (true, false) when e.Type == StoreEventType.Deleted => Natural(e),
            // Moved out of the selection: DELETED with the previous (matching) state at the change's version.
            (true, false) => Frame("DELETED", Restamp(e.Previous!.Json, e.ResourceVersion)),
            _ => null,
        };
    }

    public static bool Matches(StoredObject o, LabelSelector labels, FieldSelector fields) =>
        labels.Matches(o.Attributes.Labels) && fields.Matches(o.Attributes.Fields);

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

    private static byte[] Natural(StoreEvent e) => Frames.GetValue(e, static ev => Frame(TypeOf(ev.Type), ev.Object.Json));

    private static string TypeOf(StoreEventType type) => type switch
    {
        StoreEventType.Added => "ADDED",
        StoreEventType.Modified => "MODIFIED",
        _ => "DELETED",
    };

    private static byte[] Restamp(byte[] json, long resourceVersion)
    {
        var node = ObjectCodec.ToNode(json);
        if (node["metadata"] is JsonObject meta)
        {
            meta["resourceVersion"] = resourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return Encoding.UTF8.GetBytes(node.ToJsonString(KubernetesJsonOptions.Default));
    }
}
