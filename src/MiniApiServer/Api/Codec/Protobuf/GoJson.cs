using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;

namespace MiniApiServer.Api.Codec.Protobuf;

/// <summary>
/// Writes a decoded message as Go's encoding/json writes the struct gogo-protobuf decoded it into, so that a protobuf
/// body means exactly what the JSON a Go client would send for the same object means. Presence follows Go: a pointer
/// field is written when it was sent (whatever its value), a non-pointer field is its value or its zero value, which
/// <c>omitempty</c> leaves out for scalars and never for structs (an absent struct is written as its zero value);
/// <c>,inline</c> structs are written into their parent; empty lists and maps are left out (nil in Go, so either left
/// out or null). The apimachinery types with their own MarshalJSON are written as it does; a <c>null</c> is left out.
/// </summary>
internal static class GoJson
{
    private const string Time = "k8s.io.apimachinery.pkg.apis.meta.v1.Time";
    private const string MicroTime = "k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime";
    private const string FieldsV1 = "k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1";
    private const string IntOrString = "k8s.io.apimachinery.pkg.util.intstr.IntOrString";
    private const string Quantity = "k8s.io.apimachinery.pkg.api.resource.Quantity";

    /// <summary>
    /// Time and MicroTime have hand-written Unmarshal methods (time_proto.go, micro_time_proto.go) that replace the value
    /// on each occurrence (an empty one is the zero time); every other message merges.
    /// </summary>
    public static bool ReplacedOnEachOccurrence(ProtoMessage type) => type.Name is Time or MicroTime;

    /// <summary>Writes the fields of <paramref name="value"/> into <paramref name="into"/>, after what it holds.</summary>
    public static void WriteFields(ProtoObject value, JsonObject into)
    {
        foreach (var field in value.Message.Fields)
        {
            if (field.JsonName.Length == 0 && !field.Is(ProtoFlags.Inline))
            {
                continue;
            }
            var sent = value[field.Number];
            if (field.Is(ProtoFlags.Inline))
            {
                WriteFields(sent as ProtoObject ?? new ProtoObject(ProtoSchema.Message(field.Message!)), into);
            }
            else if (Field(field, sent) is { } json)
            {
                into[field.JsonName] = json;
            }
        }
    }

    private static JsonNode? Field(ProtoField field, object? sent)
    {
        if (field.Is(ProtoFlags.Map))
        {
            return sent is SortedDictionary<string, object> { Count: > 0 } map
                ? new JsonObject(map.Select(e => KeyValuePair.Create(e.Key, Value(field, e.Value))))
                : null;
        }
        if (field.Is(ProtoFlags.Repeated))
        {
            return sent is List<object> { Count: > 0 } list ? new JsonArray([.. list.Select(v => Value(field, v))]) : null;
        }
        if (sent is null && field.Is(ProtoFlags.Pointer))
        {
            return null;
        }
        if (field.Type == ProtoType.Message)
        {
            return Value(field, sent ?? new ProtoObject(ProtoSchema.Message(field.Message!)));
        }
        var value = sent ?? Zero(field.Type);
        return field.Is(ProtoFlags.OmitEmpty) && !field.Is(ProtoFlags.Pointer) && IsZero(value) ? null : Value(field, value);
    }

    private static JsonNode? Value(ProtoField field, object value) => value switch
    {
        ProtoObject message => Message(message),
        string s => JsonValue.Create(s),
        ByteString b => JsonValue.Create(b.ToBase64()),
        bool b => JsonValue.Create(b),
        int i => JsonValue.Create(i),
        long l => JsonValue.Create(l),
        _ => throw new InvalidOperationException($"{field.ProtoName}: unexpected {value.GetType()}"),
    };

    private static JsonNode? Message(ProtoObject message) => message.Message.Name switch
    {
        Time => Timestamp(message, micro: false),
        MicroTime => Timestamp(message, micro: true),
        FieldsV1 => RawJson(message.Bytes("Raw")),
        IntOrString => IntOrStringValue(message),
        Quantity => JsonValue.Create(message.Has("string") ? message.String("string") : "0"),
        _ => Object(message),
    };

    private static JsonObject Object(ProtoObject value)
    {
        var result = new JsonObject();
        WriteFields(value, result);
        return result;
    }

    private static object Zero(ProtoType type) => type switch
    {
        ProtoType.String => "",
        ProtoType.Bytes => ByteString.Empty,
        ProtoType.Bool => false,
        ProtoType.Int32 => 0,
        _ => 0L,
    };

    private static bool IsZero(object value) => value switch
    {
        string s => s.Length == 0,
        ByteString b => b.IsEmpty,
        bool b => !b,
        int i => i == 0,
        long l => l == 0,
        _ => false,
    };

    /// <summary>
    /// metav1.Time is whole seconds (time_proto.go drops the nanoseconds, as JSON has none) written as RFC 3339 in UTC;
    /// MicroTime keeps microseconds (micro_time_proto.go truncates the rest) and always writes six digits. The zero
    /// time (no seconds and no nanoseconds sent) is <c>null</c>.
    /// </summary>
    private static JsonValue? Timestamp(ProtoObject value, bool micro)
    {
        if (!value.Has("seconds") && !value.Has("nanos"))
        {
            return null;
        }
        var nanos = micro ? value.Int32("nanos") / 1000 * 1000 : 0;
        DateTime time;
        try
        {
            time = DateTime.UnixEpoch.AddTicks(checked((value.Int64("seconds") * TimeSpan.TicksPerSecond) + (nanos / 100)));
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or OverflowException)
        {
            throw new ProtoFormatException("Time.MarshalJSON: year outside of range [0,9999]");
        }
        if (time == DateTime.MinValue)
        {
            return null;
        }
        return JsonValue.Create(time.ToString(micro ? "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'" : "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
    }

    /// <summary>intstr.IntOrString.MarshalJSON: type 0 writes intVal, type 1 strVal.</summary>
    private static JsonValue IntOrStringValue(ProtoObject value) => value.Int64("type") switch
    {
        0 => JsonValue.Create(value.Int32("intVal")),
        1 => JsonValue.Create(value.String("strVal")),
        _ => throw new ProtoFormatException("impossible IntOrString.Type"),
    };

    /// <summary>FieldsV1.MarshalJSON writes its raw bytes, which must be JSON; none is <c>null</c>.</summary>
    private static JsonNode? RawJson(ByteString raw)
    {
        if (raw.IsEmpty)
        {
            return null;
        }
        try
        {
            return JsonNode.Parse(raw.Span);
        }
        catch (JsonException e)
        {
            throw new ProtoFormatException($"json: error calling MarshalJSON for type *v1.FieldsV1: {e.Message}");
        }
    }
}
