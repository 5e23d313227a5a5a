using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using MiniApiServer.Machinery;
using MiniApiServer.Registry;
using MiniApiServer.Registry.Tables;

namespace MiniApiServer.Api.Tables;

/// <summary>
/// Writes meta.k8s.io Tables (handlers/response.go asTable over pkg/printers/storage's TableConvertor, always wide): the
/// kind's columns, one row per object printed by the kind's printer, and each row's <c>object</c> per
/// <see cref="IncludeObject"/>. KubernetesClient has no model of the meta.k8s.io Table, so it is written straight to a
/// <see cref="Utf8JsonWriter"/> in the field order of metav1.Table, and the rows' objects are copied from the stored
/// bytes rather than encoded again.
/// </summary>
internal static class TableWriter
{
    public const int FlushAt = 64 * 1024;

    /// <summary>
    /// Each stored version's printed row, encoded, kept while the version's bytes live (the store's snapshots and history
    /// hold them; a new version is new bytes). Decoding an object costs some 20 µs, and even writing its cells through a
    /// JSON writer costs more than copying the object, so a row is printed and encoded once and later tables of the same
    /// versions copy bytes as the JSON list does; only the cells counting time up to now are rendered on every write.
    /// </summary>
    private static readonly ConditionalWeakTable<byte[], EncodedRow> Rows = new();

    /// <summary>The same escaping as every other object this server writes.</summary>
    public static JsonWriterOptions WriterOptions { get; } = new()
    {
        Encoder = KubernetesJsonOptions.Default.Encoder,
        SkipValidation = true,
    };

    /// <summary>
    /// A list as a Table: the list's resourceVersion, continue and remainingItemCount in its metadata, then a row per
    /// item, streamed.
    /// </summary>
    public static async Task WriteListAsync(Stream output, KindRegistration kind, string apiVersion, IncludeObject include, ListResult page,
        DateTime now, CancellationToken ct)
    {
        var printer = kind.TablePrinter;
        var modelType = kind.Descriptor.ModelType;
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(FlushAt * 2);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            WriteHead(writer, apiVersion);
            WriteListMeta(writer, page);
            WriteColumns(writer, printer.Columns);
        }
        buffer.Write(",\"rows\":["u8);
        var first = true;
        foreach (var json in page.Items)
        {
            if (!first)
            {
                buffer.Write(","u8);
            }
            first = false;
            Row(printer, modelType, json).WriteTo(buffer, now, include, apiVersion, json);
            if (buffer.WrittenCount >= FlushAt)
            {
                await output.WriteAsync(buffer.WrittenMemory, ct);
                buffer.ResetWrittenCount();
            }
        }
        buffer.Write("]}"u8);
        await output.WriteAsync(buffer.WrittenMemory, ct);
    }

    /// <summary>
    /// One object as a one-row Table, whose resourceVersion is the object's. <paramref name="columns"/> is false for a
    /// watch event after the first (<c>"columnDefinitions":null</c>, as the watch's table options set NoHeaders).
    /// </summary>
    public static byte[] OneRow(KindRegistration kind, string apiVersion, IncludeObject include, byte[] json, DateTime now, bool columns = true)
    {
        var printer = kind.TablePrinter;
        var obj = ObjectCodec.Decode(json, kind.Descriptor.ModelType);
        var row = Rows.GetValue(json, bytes => EncodedRow.Encode(printer.Print(obj), bytes));
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(json.Length);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            WriteHead(writer, apiVersion);
            writer.WriteStartObject("metadata"u8);
            if (!string.IsNullOrEmpty(obj.Metadata?.ResourceVersion))
            {
                writer.WriteString("resourceVersion"u8, obj.Metadata.ResourceVersion);
            }
            writer.WriteEndObject();
            WriteColumns(writer, columns ? printer.Columns : null);
        }
        buffer.Write(",\"rows\":["u8);
        row.WriteTo(buffer, now, include, apiVersion, json);
        buffer.Write("]}"u8);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>metav1.ListMeta of a list: resourceVersion, continue and remainingItemCount when they are set.</summary>
    public static void WriteListMeta(Utf8JsonWriter writer, ListResult page)
    {
        writer.WriteStartObject("metadata"u8);
        if (!string.IsNullOrEmpty(page.ResourceVersion))
        {
            writer.WriteString("resourceVersion"u8, page.ResourceVersion);
        }
        if (!string.IsNullOrEmpty(page.Continue))
        {
            writer.WriteString("continue"u8, page.Continue);
        }
        if (page.RemainingItemCount is { } remaining)
        {
            writer.WriteNumber("remainingItemCount"u8, remaining);
        }
        writer.WriteEndObject();
    }

    /// <summary><c>{"kind":"Table","apiVersion":…</c>; the metadata, the columns and the rows follow (metav1.Table's field order).</summary>
    private static void WriteHead(Utf8JsonWriter writer, string apiVersion)
    {
        writer.WriteStartObject();
        writer.WriteString("kind"u8, "Table"u8);
        writer.WriteString("apiVersion"u8, apiVersion);
    }

    /// <summary>The column definitions, or <c>null</c> when a watch has sent them already.</summary>
    private static void WriteColumns(Utf8JsonWriter writer, IReadOnlyList<TableColumn>? columns)
    {
        if (columns is null)
        {
            writer.WriteNull("columnDefinitions"u8);
            return;
        }
        writer.WriteStartArray("columnDefinitions"u8);
        foreach (var column in columns)
        {
            writer.WriteStartObject();
            writer.WriteString("name"u8, column.Name);
            writer.WriteString("type"u8, column.Type);
            writer.WriteString("format"u8, column.Format);
            writer.WriteString("description"u8, column.Description);
            writer.WriteNumber("priority"u8, column.Priority);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    /// <summary>The row of one stored version, printed on first use.</summary>
    private static EncodedRow Row(ITablePrinter printer, Type modelType, byte[] json) =>
        Rows.TryGetValue(json, out var row) ? row : Rows.GetValue(json, bytes => EncodedRow.Encode(printer.Print(ObjectCodec.Decode(bytes, modelType)), bytes));

    /// <summary>One cell: text, an integer or a boolean (a time cell is rendered before it gets here).</summary>
    public static void WriteCell(Utf8JsonWriter writer, object cell)
    {
        switch (cell)
        {
            case string text:
                writer.WriteStringValue(text);
                break;
            case long number:
                writer.WriteNumberValue(number);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            default:
                throw new InvalidOperationException($"a table cell of type {cell.GetType().Name}");
        }
    }

    /// <summary>A row's <c>conditions</c>: <c>[{"type":"Completed","status":"True","reason":…,"message":…}]</c>.</summary>
    public static void WriteCompleted(Utf8JsonWriter writer, CompletedCondition completed)
    {
        writer.WriteStartArray();
        writer.WriteStartObject();
        writer.WriteString("type"u8, "Completed"u8);
        writer.WriteString("status"u8, "True"u8);
        writer.WriteString("reason"u8, completed.Reason);
        writer.WriteString("message"u8, completed.Message);
        writer.WriteEndObject();
        writer.WriteEndArray();
    }
}
