using MiniApiServer.Api.Codec.Protobuf;

namespace MiniApiServer.Tests.Api.Codec.Protobuf;

/// <summary>
/// Bodies that are not Kubernetes protobuf fail with the words of upstream's decoder: runtime/serializer/protobuf's
/// prefix checks, and gogo-protobuf's generated Unmarshal for the messages themselves.
/// </summary>
public sealed class ProtobufErrorsTests
{
    private static string Error(byte[] body) =>
        Assert.Throws<ProtoFormatException>(() => ProtobufDecodingTests.Decode(body)).Message;

    private static byte[] Namespace(ProtoWire raw) => ProtoWire.Envelope("v1", "Namespace", raw);

    [Fact]
    public void Empty_body_is_empty_data() => Assert.Equal("empty data", Error([]));

    [Fact]
    public void Prefix_alone_is_an_empty_body() => Assert.Equal("empty body", Error("k8s\0"u8.ToArray()));

    [Theory]
    [InlineData("{\"kind\":\"Namespace\"}")]
    [InlineData("k8s")]
    [InlineData("K8S\0")]
    public void Body_without_the_prefix_is_not_protobuf(string body) =>
        Assert.Equal("provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]",
            Error(System.Text.Encoding.UTF8.GetBytes(body)));

    [Fact]
    public void Truncated_body_is_unexpected_eof()
    {
        var body = ProtobufDecodingTests.Hex("6b 38 73 00 0a 0f 0a 02 76 31 12 09 4e 61 6d 65 73 70 61 63 65 12 19 0a 11 0a 01 78");
        Assert.Equal("unexpected EOF", Error(body));
    }

    [Fact]
    public void Truncated_varint_is_unexpected_eof() =>
        Assert.Equal("unexpected EOF", Error(Namespace(new ProtoWire().Message(1, m => m.Tag(7, 0)))));

    [Fact]
    public void Overlong_varint_is_an_integer_overflow() =>
        Assert.Equal("proto: integer overflow", Error([.. "k8s\0"u8, 0x50, .. Enumerable.Repeat((byte)0xff, 10), 0x01]));

    [Fact]
    public void Negative_length_is_reported() =>
        Assert.Equal("proto: negative length found during unmarshaling", Error([.. "k8s\0"u8, 0x12, 0xff, 0xff, 0xff, 0xff, 0x0f]));

    [Fact]
    public void Field_zero_is_an_illegal_tag() =>
        Assert.Equal("proto: ObjectMeta: illegal tag 0 (wire type 2)", Error(Namespace(new ProtoWire().Message(1, m => m.Tag(0, 2)))));

    [Fact]
    public void End_group_without_a_group_is_refused() =>
        Assert.Equal("proto: Namespace: wiretype end group for non-group", Error(Namespace(new ProtoWire().Tag(9, 4))));

    [Fact]
    public void Wrong_wire_type_names_the_go_field()
    {
        Assert.Equal("proto: wrong wireType = 0 for field Name", Error(Namespace(new ProtoWire().Message(1, m => m.Varint(1, 5)))));
        Assert.Equal("proto: wrong wireType = 2 for field Generation", Error(Namespace(new ProtoWire().Message(1, m => m.String(7, "1")))));
        Assert.Equal("proto: wrong wireType = 0 for field TypeMeta", Error([.. "k8s\0"u8, 0x08, 0x01]));
    }

    [Theory]
    [InlineData(6)]
    [InlineData(7)]
    public void Unknown_field_of_an_illegal_wire_type_is_refused(int wireType) =>
        Assert.Equal($"proto: illegal wireType {wireType}", Error(Namespace(new ProtoWire().Tag(50, wireType))));

    [Fact]
    public void Impossible_int_or_string_type_is_refused()
    {
        var service = new ProtoWire().Message(2, s => s.Message(1, p => p.Varint(3, 80).Message(4, i => i.Varint(1, 2))));
        Assert.Equal("impossible IntOrString.Type", Error(ProtoWire.Envelope("v1", "Service", service)));
    }
}
