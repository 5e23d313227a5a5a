using Google.Protobuf;

namespace MiniApiServer.Tests.Api.Codec.Protobuf;

/// <summary>
/// Builds protobuf messages field by field with Google.Protobuf's CodedOutputStream, by field number, as gogo-protobuf
/// writes them (the numbers are typed here on purpose: the tests check the generated table against them).
/// </summary>
internal sealed class ProtoWire
{
    private readonly MemoryStream _buffer = new();
    private readonly CodedOutputStream _output;

    public ProtoWire() => _output = new CodedOutputStream(_buffer, leaveOpen: true);

    public ProtoWire String(int field, string value)
    {
        _output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        _output.WriteString(value);
        return this;
    }

    public ProtoWire Bytes(int field, byte[] value)
    {
        _output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        _output.WriteBytes(ByteString.CopyFrom(value));
        return this;
    }

    public ProtoWire Message(int field, ProtoWire message) => Bytes(field, message.ToArray());

    public ProtoWire Message(int field, Func<ProtoWire, ProtoWire> build) => Message(field, build(new ProtoWire()));

    public ProtoWire Varint(int field, long value)
    {
        _output.WriteTag(field, WireFormat.WireType.Varint);
        _output.WriteInt64(value);
        return this;
    }

    public ProtoWire Fixed32(int field, uint value)
    {
        _output.WriteTag(field, WireFormat.WireType.Fixed32);
        _output.WriteFixed32(value);
        return this;
    }

    public ProtoWire Fixed64(int field, ulong value)
    {
        _output.WriteTag(field, WireFormat.WireType.Fixed64);
        _output.WriteFixed64(value);
        return this;
    }

    public ProtoWire Bool(int field, bool value) => Varint(field, value ? 1 : 0);

    public ProtoWire Packed(int field, params long[] values)
    {
        var packed = new ProtoWire();
        foreach (var v in values)
        {
            packed._output.WriteInt64(v);
        }
        return Message(field, packed);
    }

    public ProtoWire MapEntry(int field, string key, string value) =>
        Message(field, e => e.String(1, key).String(2, value));

    public ProtoWire MapEntry(int field, string key, ProtoWire value) =>
        Message(field, e => e.String(1, key).Message(2, value));

    /// <summary>A raw tag with any wire type, for malformed input.</summary>
    public ProtoWire Tag(int field, int wireType)
    {
        _output.WriteTag(field, (WireFormat.WireType)wireType);
        return this;
    }

    public byte[] ToArray()
    {
        _output.Flush();
        return _buffer.ToArray();
    }

    /// <summary>The body kubectl sends: <c>k8s\0</c> and a runtime.Unknown{typeMeta{apiVersion, kind}, raw, "", ""}.</summary>
    public static byte[] Envelope(string apiVersion, string kind, ProtoWire raw)
    {
        var unknown = new ProtoWire()
            .Message(1, t => t.String(1, apiVersion).String(2, kind))
            .Message(2, raw)
            .String(3, "")
            .String(4, "");
        return [.. "k8s\0"u8, .. unknown.ToArray()];
    }

    /// <summary>A meta/v1 Time or MicroTime.</summary>
    public static ProtoWire Time(DateTimeOffset time, int nanos = 0) =>
        new ProtoWire().Varint(1, time.ToUnixTimeSeconds()).Varint(2, nanos);

    /// <summary>An intstr.IntOrString.</summary>
    public static ProtoWire Int(int value) => new ProtoWire().Varint(1, 0).Varint(2, value).String(3, "");

    public static ProtoWire Str(string value) => new ProtoWire().Varint(1, 1).Varint(2, 0).String(3, value);

    /// <summary>A resource.Quantity.</summary>
    public static ProtoWire Quantity(string value) => new ProtoWire().String(1, value);
}
