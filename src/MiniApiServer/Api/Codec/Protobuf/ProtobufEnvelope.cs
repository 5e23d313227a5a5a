namespace MiniApiServer.Api.Codec.Protobuf;

/// <summary>
/// A Kubernetes protobuf body: the four bytes <c>k8s\0</c>, then a runtime.Unknown whose TypeMeta names the object's
/// apiVersion and kind and whose raw bytes are the object's own message
/// (staging/src/k8s.io/apimachinery/pkg/runtime/serializer/protobuf/protobuf.go, Serializer.Decode).
/// </summary>
internal sealed record ProtobufEnvelope(string ApiVersion, string Kind, ReadOnlyMemory<byte> Raw)
{
    private static readonly byte[] Prefix = "k8s\0"u8.ToArray();

    /// <exception cref="ProtoFormatException">With Serializer.Decode's words for a body that is not one.</exception>
    public static ProtobufEnvelope Open(byte[] body)
    {
        if (body.Length == 0)
        {
            throw new ProtoFormatException("empty data");
        }
        if (!body.AsSpan().StartsWith(Prefix))
        {
            // Go's %v of a []byte.
            throw new ProtoFormatException($"provided data does not appear to be a protobuf message, expected prefix [{string.Join(' ', Prefix)}]");
        }
        if (body.Length == Prefix.Length)
        {
            throw new ProtoFormatException("empty body");
        }
        var unknown = ProtoReader.Read(body.AsMemory(Prefix.Length), ProtoSchema.Message(ProtoSchema.Unknown));
        var typeMeta = unknown["typeMeta"] as ProtoObject;
        return new ProtobufEnvelope(typeMeta?.String("apiVersion") ?? "", typeMeta?.String("kind") ?? "", unknown.Bytes("raw").Memory);
    }
}
