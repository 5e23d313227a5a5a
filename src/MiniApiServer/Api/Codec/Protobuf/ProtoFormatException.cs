namespace MiniApiServer.Api.Codec.Protobuf;

/// <summary>
/// A protobuf body that cannot be decoded; the message is what kube-apiserver's decoder says of it (gogo-protobuf's
/// generated Unmarshal, or the runtime/serializer/protobuf prefix checks), for the handler to put in its 400.
/// </summary>
internal sealed class ProtoFormatException(string message) : Exception(message);
