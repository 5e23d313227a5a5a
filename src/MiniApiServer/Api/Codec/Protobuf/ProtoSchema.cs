namespace MiniApiServer.Api.Codec.Protobuf;

/// <summary>The protobuf field types the served kinds use (generated.proto declares no others for them).</summary>
internal enum ProtoType
{
    Message,
    String,
    Bytes,
    Bool,
    Int32,
    Int64,
}

/// <summary>How a field is declared: in the .proto (repeated, map) and in the Go struct it decodes into.</summary>
[Flags]
internal enum ProtoFlags
{
    None = 0,
    Repeated = 1,

    /// <summary><c>map&lt;string, T&gt;</c>: entries of key 1 and value 2; <see cref="ProtoField.Type"/> is the value's.</summary>
    Map = 2,

    /// <summary>A Go pointer: present or absent, whatever its value (an absent non-pointer is its zero value).</summary>
    Pointer = 4,

    /// <summary>The json tag's <c>omitempty</c>: encoding/json leaves a zero value out.</summary>
    OmitEmpty = 8,

    /// <summary>The json tag's <c>,inline</c>: an embedded struct whose fields are written into the parent's object.</summary>
    Inline = 16,
}

/// <summary>
/// One field: its number and name in generated.proto, and its JSON name and Go field name (gogo-protobuf's errors name
/// the Go field). <see cref="Message"/> is the full proto name of a message (or map value) type.
/// </summary>
internal sealed record ProtoField(int Number, string ProtoName, string JsonName, string GoName, ProtoType Type, string? Message, ProtoFlags Flags)
{
    public bool Is(ProtoFlags flag) => (Flags & flag) != 0;
}

internal sealed class ProtoMessage(string name, ProtoField[] fields)
{
    private readonly Dictionary<int, ProtoField> _byNumber = fields.ToDictionary(f => f.Number);

    /// <summary>The full proto name, <c>k8s.io.api.core.v1.Service</c>.</summary>
    public string Name { get; } = name;

    /// <summary>The name gogo-protobuf's errors use (<c>proto: Service: illegal tag 0 (wire type 0)</c>).</summary>
    public string ShortName { get; } = name[(name.LastIndexOf('.') + 1)..];

    /// <summary>In .proto order, which is the Go struct's field order, so also encoding/json's.</summary>
    public IReadOnlyList<ProtoField> Fields { get; } = fields;

    public ProtoField? Field(int number) => _byNumber.GetValueOrDefault(number);

    public ProtoField Field(string protoName) => Fields.Single(f => f.ProtoName == protoName);
}

/// <summary>
/// The messages of upstream's generated.proto reachable from the served kinds (<see cref="Generated"/>, written by
/// tools/protobuf-schema.cs), and which message a body's <c>apiVersion</c> and <c>kind</c> name: the k8s.io/api package
/// of the group (<c>k8s.io.api.core.v1</c> for the core group, <c>k8s.io.api.coordination.v1</c> for
/// coordination.k8s.io/v1), as the Go types are laid out.
/// </summary>
internal static partial class ProtoSchema
{
    private static readonly Dictionary<string, ProtoMessage> ByName = Generated().ToDictionary(m => m.Name);

    public const string Unknown = "k8s.io.apimachinery.pkg.runtime.Unknown";

    public static ProtoMessage Message(string name) => ByName[name];

    public static ProtoMessage? ForKind(string apiVersion, string kind)
    {
        var slash = apiVersion.LastIndexOf('/');
        var group = slash < 0 ? "" : apiVersion[..slash];
        var version = apiVersion[(slash + 1)..];
        var package = group.Length == 0 ? "core" : group.Split('.')[0];
        return ByName.GetValueOrDefault($"k8s.io.api.{package}.{version}.{kind}");
    }
}
