using Google.Protobuf;

namespace MiniApiServer.Api.Codec.Protobuf;

/// <summary>
/// A decoded message, as the Go struct gogo-protobuf fills: per field number the last value of a singular field, every
/// element of a repeated one, the entries of a map (last wins per key), or the nested message, which a later occurrence
/// merges into (gogo's generated Unmarshal does not reset a struct it decodes into).
/// </summary>
internal sealed class ProtoObject(ProtoMessage message)
{
    private readonly Dictionary<int, object> _values = [];

    public ProtoMessage Message { get; } = message;

    /// <summary>A scalar (<see cref="string"/>, <see cref="ByteString"/>, <see cref="bool"/>, <see cref="int"/>,
    /// <see cref="long"/>), a <see cref="ProtoObject"/>, a <see cref="List{T}"/> of those, or a map.</summary>
    public object? this[int number] => _values.GetValueOrDefault(number);

    public object? this[string protoName] => this[Message.Field(protoName).Number];

    public void Set(ProtoField field, object value) => _values[field.Number] = value;

    public void Add(ProtoField field, object value)
    {
        if (!_values.TryGetValue(field.Number, out var list))
        {
            _values[field.Number] = list = new List<object>();
        }
        ((List<object>)list).Add(value);
    }

    public void Put(ProtoField field, string key, object value)
    {
        if (!_values.TryGetValue(field.Number, out var map))
        {
            _values[field.Number] = map = new SortedDictionary<string, object>(StringComparer.Ordinal);
        }
        ((SortedDictionary<string, object>)map)[key] = value;
    }

    /// <summary>The nested message of a singular field, created empty on its first occurrence.</summary>
    public ProtoObject Nested(ProtoField field, ProtoMessage type)
    {
        if (_values.TryGetValue(field.Number, out var existing))
        {
            return (ProtoObject)existing;
        }
        var nested = new ProtoObject(type);
        _values[field.Number] = nested;
        return nested;
    }

    public string String(string protoName) => this[protoName] as string ?? "";

    public ByteString Bytes(string protoName) => this[protoName] as ByteString ?? ByteString.Empty;

    public long Int64(string protoName) => this[protoName] is long l ? l : 0;

    public int Int32(string protoName) => this[protoName] is int i ? i : 0;

    public bool Has(string protoName) => this[protoName] is not null;
}
