using System.Buffers;
using System.Text;
using System.Text.Json;
using MiniApiServer.Registry.Tables;

namespace MiniApiServer.Api.Tables;

/// <summary>
/// A Table row of one stored version, encoded once: the JSON of its cells (and its Completed condition) in parts
/// around the cells that count time up to now, which are rendered on every write, and where the object's metadata lies
/// in its stored bytes. Writing the row is then copying bytes, as the JSON list copies its items; only the time cells
/// are formatted per response.
/// </summary>
internal sealed class EncodedRow
{
    private static readonly byte[] PartialPrefixV1 = Encoding.UTF8.GetBytes("{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":");
    private static readonly byte[] PartialPrefixV1Beta1 = Encoding.UTF8.GetBytes("{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1beta1\",\"metadata\":");

    /// <summary>One more part than <see cref="_times"/>: part i, time i, part i+1, …; the last ends with <c>"object":</c>.</summary>
    private readonly byte[][] _parts;
    private readonly SinceCell[] _times;
    private readonly int _metadataStart;
    private readonly int _metadataLength;

    private EncodedRow(byte[][] parts, SinceCell[] times, int metadataStart, int metadataLength)
    {
        _parts = parts;
        _times = times;
        _metadataStart = metadataStart;
        _metadataLength = metadataLength;
    }

    public static EncodedRow Encode(PrintedRow row, ReadOnlySpan<byte> storedJson)
    {
        var parts = new List<byte[]>();
        var times = new List<SinceCell>();
        var current = new ArrayBufferWriter<byte>(256);
        current.Write("{\"cells\":["u8);
        for (var i = 0; i < row.Cells.Count; i++)
        {
            if (i > 0)
            {
                current.Write(","u8);
            }
            if (row.Cells[i] is SinceCell since)
            {
                parts.Add(current.WrittenSpan.ToArray());
                times.Add(since);
                current.Clear();
                continue;
            }
            using var writer = new Utf8JsonWriter(current, TableWriter.WriterOptions);
            TableWriter.WriteCell(writer, row.Cells[i]);
        }
        current.Write("]"u8);
        if (row.Completed is { } completed)
        {
            current.Write(",\"conditions\":"u8);
            using var writer = new Utf8JsonWriter(current, TableWriter.WriterOptions);
            TableWriter.WriteCompleted(writer, completed);
        }
        current.Write(",\"object\":"u8);
        parts.Add(current.WrittenSpan.ToArray());
        var metadata = StoredJson.MetadataRange(storedJson);
        return new EncodedRow([.. parts], [.. times], metadata.Start, metadata.Length);
    }

    /// <summary>The row as of <paramref name="now"/>, its <c>object</c> per <paramref name="include"/>, into <paramref name="output"/>.</summary>
    public void WriteTo(IBufferWriter<byte> output, DateTime now, IncludeObject include, string apiVersion, byte[] storedJson)
    {
        for (var i = 0; i < _times.Length; i++)
        {
            output.Write(_parts[i]);
            WriteString(output, _times[i].Render(now));
        }
        output.Write(_parts[^1]);
        switch (include)
        {
            case IncludeObject.None:
                output.Write("null"u8);
                break;
            case IncludeObject.Object:
                output.Write(storedJson);
                break;
            default:
                output.Write(apiVersion == "meta.k8s.io/v1beta1" ? PartialPrefixV1Beta1 : PartialPrefixV1);
                if (_metadataLength == 0)
                {
                    output.Write("{}"u8);
                }
                else
                {
                    output.Write(storedJson.AsSpan(_metadataStart, _metadataLength));
                }
                output.Write("}"u8);
                break;
        }
        output.Write("}"u8);
    }

    /// <summary>A rendered time (<c>3m10s</c>, <c>2 (5s ago)</c>, <c>&lt;unknown&gt;</c>), escaped as every string this server writes.</summary>
    private static void WriteString(IBufferWriter<byte> output, string text)
    {
        if (text.Length > 64 || text.Any(c => c is < ' ' or > '~' or '"' or '\\'))
        {
            output.Write(JsonSerializer.SerializeToUtf8Bytes(text, Machinery.KubernetesJsonOptions.Default));
            return;
        }
        var span = output.GetSpan(text.Length + 2);
        span[0] = (byte)'"';
        for (var i = 0; i < text.Length; i++)
        {
            span[i + 1] = (byte)text[i];
        }
        span[text.Length + 1] = (byte)'"';
        output.Advance(text.Length + 2);
    }
}
