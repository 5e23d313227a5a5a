using System.Runtime.InteropServices;
using Google.Protobuf;

namespace MiniApiServer.Api.Codec.Protobuf;

/// <summary>
/// Decodes protobuf wire data into a <see cref="ProtoObject"/> of a known message with Google.Protobuf's wire reader,
/// the way gogo-protobuf's generated Unmarshal does (k8s.io/api/*/generated.pb.go): unknown fields skipped, a repeated
/// number field packed or not, a nested message merged into, and failures worded as that code words them.
/// </summary>
internal static class ProtoReader
{
    // A map<K, V> field is a repeated entry message of key 1 and value 2 (protobuf language guide, "Maps").
    private const int MapKey = 1;
    private const int MapValue = 2;

    private const int Varint = 0;
    private const int Fixed64 = 1;
    private const int LengthDelimited = 2;
    private const int StartGroup = 3;
    private const int EndGroup = 4;
    private const int Fixed32 = 5;

    public static ProtoObject Read(ReadOnlyMemory<byte> data, ProtoMessage message)
    {
        var result = new ProtoObject(message);
        Merge(data, result);
        return result;
    }

    private static void Merge(ReadOnlyMemory<byte> data, ProtoObject into)
    {
        var input = Open(data);
        try
        {
            while (!input.IsAtEnd)
            {
                ReadField(input, into);
            }
        }
        catch (InvalidProtocolBufferException e)
        {
            throw Translate(e);
        }
    }

    private static void ReadField(CodedInputStream input, ProtoObject into)
    {
        var message = into.Message;
        var tag = input.ReadUInt64();
        var number = (int)(tag >> 3);
        var wire = (int)(tag & 7);
        if (wire == EndGroup)
        {
            throw new ProtoFormatException($"proto: {message.ShortName}: wiretype end group for non-group");
        }
        if (number <= 0)
        {
            // gogo prints the whole tag where it says "wire type".
            throw new ProtoFormatException($"proto: {message.ShortName}: illegal tag {number} (wire type {tag})");
        }
        if (message.Field(number) is not { } field)
        {
            Skip(input, wire);
            return;
        }
        if (field.Is(ProtoFlags.Map))
        {
            Expect(field, wire, LengthDelimited);
            ReadMapEntry(input.ReadBytes().Memory, field, into);
        }
        else if (field.Type == ProtoType.Message)
        {
            Expect(field, wire, LengthDelimited);
            var type = ProtoSchema.Message(field.Message!);
            var bytes = input.ReadBytes().Memory;
            if (field.Is(ProtoFlags.Repeated))
            {
                into.Add(field, Read(bytes, type));
            }
            else if (GoJson.ReplacedOnEachOccurrence(type))
            {
                into.Set(field, Read(bytes, type));
            }
            else
            {
                Merge(bytes, into.Nested(field, type));
            }
        }
        else if (field.Type is ProtoType.String or ProtoType.Bytes)
        {
            Expect(field, wire, LengthDelimited);
            object value = field.Type == ProtoType.String ? input.ReadString() : input.ReadBytes();
            Store(into, field, value);
        }
        else if (wire == LengthDelimited && field.Is(ProtoFlags.Repeated))
        {
            var packed = Open(input.ReadBytes().Memory);
            while (!packed.IsAtEnd)
            {
                into.Add(field, Number(field.Type, packed.ReadUInt64()));
            }
        }
        else
        {
            Expect(field, wire, Varint);
            Store(into, field, Number(field.Type, input.ReadUInt64()));
        }
    }

    private static void Store(ProtoObject into, ProtoField field, object value)
    {
        if (field.Is(ProtoFlags.Repeated))
        {
            into.Add(field, value);
        }
        else
        {
            into.Set(field, value);
        }
    }

    /// <summary>Go converts a varint as it declares the field: <c>int32(v)</c> truncates, a bool is <c>v != 0</c>.</summary>
    private static object Number(ProtoType type, ulong v) => type switch
    {
        ProtoType.Int32 => unchecked((int)v),
        ProtoType.Int64 => unchecked((long)v),
        _ => v != 0,
    };

    /// <summary>A missing key is "", a missing value the value type's zero, as gogo leaves them.</summary>
    private static void ReadMapEntry(ReadOnlyMemory<byte> entry, ProtoField field, ProtoObject into)
    {
        var valueType = field.Type == ProtoType.Message ? ProtoSchema.Message(field.Message!) : null;
        var key = "";
        object? value = null;
        var input = Open(entry);
        try
        {
            while (!input.IsAtEnd)
            {
                var tag = input.ReadUInt64();
                var (number, wire) = ((int)(tag >> 3), (int)(tag & 7));
                if (number == MapKey && wire == LengthDelimited)
                {
                    key = input.ReadString();
                }
                else if (number == MapValue && wire == LengthDelimited)
                {
                    value = valueType is null ? input.ReadString() : Read(input.ReadBytes().Memory, valueType);
                }
                else
                {
                    Skip(input, wire);
                }
            }
        }
        catch (InvalidProtocolBufferException e)
        {
            throw Translate(e);
        }
        into.Put(field, key, value ?? (valueType is null ? "" : new ProtoObject(valueType)));
    }

    private static void Expect(ProtoField field, int wire, int expected)
    {
        if (wire != expected)
        {
            throw new ProtoFormatException($"proto: wrong wireType = {wire} for field {field.GoName}");
        }
    }

    /// <summary>skipGenerated: an unknown field's value, a group with everything in it.</summary>
    private static void Skip(CodedInputStream input, int wire)
    {
        switch (wire)
        {
            case Varint:
                input.ReadUInt64();
                break;
            case Fixed64:
                input.ReadFixed64();
                break;
            case LengthDelimited:
                input.ReadBytes();
                break;
            case Fixed32:
                input.ReadFixed32();
                break;
            case StartGroup:
                for (var depth = 1; depth > 0;)
                {
                    var inner = (int)(input.ReadUInt64() & 7);
                    depth += inner switch { StartGroup => 1, EndGroup => -1, _ => 0 };
                    if (inner is not (StartGroup or EndGroup))
                    {
                        Skip(input, inner);
                    }
                }
                break;
            default:
                throw new ProtoFormatException($"proto: illegal wireType {wire}");
        }
    }

    private static CodedInputStream Open(ReadOnlyMemory<byte> data) =>
        MemoryMarshal.TryGetArray(data, out var segment)
            ? new CodedInputStream(segment.Array!, segment.Offset, segment.Count)
            : new CodedInputStream(data.ToArray());

    /// <summary>
    /// The reader's failures as gogo's: a length or varint running past the data is io.ErrUnexpectedEOF, a negative
    /// length ErrInvalidLengthGenerated, a varint over 64 bits ErrIntOverflowGenerated.
    /// </summary>
    private static ProtoFormatException Translate(InvalidProtocolBufferException e) =>
        new(e.Message.Contains("negative size", StringComparison.Ordinal) ? "proto: negative length found during unmarshaling"
            : e.Message.Contains("malformed varint", StringComparison.Ordinal) ? "proto: integer overflow"
            : e.Message.Contains("ended unexpectedly", StringComparison.Ordinal) ? "unexpected EOF"
            : e.Message);
}
