using System.Text.Json;
using MiniApiServer.Registry;

namespace MiniApiServer.Api.Tables;

/// <summary>
/// meta.k8s.io PartialObjectMetadata and PartialObjectMetadataList (handlers/response.go asPartialObjectMetadata and
/// asPartialObjectMetadataList): an object's metadata alone, copied from its stored JSON, with the requested
/// <c>apiVersion</c> (<c>meta.k8s.io/v1</c> or <c>meta.k8s.io/v1beta1</c>).
/// </summary>
internal static class PartialObjectMetadata
{
    public static void Write(Utf8JsonWriter writer, string apiVersion, ReadOnlySpan<byte> objectJson)
    {
        writer.WriteStartObject();
        writer.WriteString("kind"u8, "PartialObjectMetadata"u8);
        writer.WriteString("apiVersion"u8, apiVersion);
        writer.WritePropertyName("metadata"u8);
        writer.WriteRawValue(StoredJson.Metadata(objectJson), skipInputValidation: true);
        writer.WriteEndObject();
    }

    public static byte[] Of(string apiVersion, byte[] objectJson)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(objectJson.Length);
        using (var writer = new Utf8JsonWriter(buffer, TableWriter.WriterOptions))
        {
            Write(writer, apiVersion, objectJson);
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The list: its metadata (resourceVersion, continue, remainingItemCount), then one item per object.</summary>
    public static async Task WriteListAsync(Stream output, string apiVersion, ListResult page, CancellationToken ct)
    {
        await using var writer = new Utf8JsonWriter(output, TableWriter.WriterOptions);
        writer.WriteStartObject();
        writer.WriteString("kind"u8, "PartialObjectMetadataList"u8);
        writer.WriteString("apiVersion"u8, apiVersion);
        TableWriter.WriteListMeta(writer, page);
        writer.WriteStartArray("items"u8);
        foreach (var item in page.Items)
        {
            Write(writer, apiVersion, item);
            if (writer.BytesPending >= TableWriter.FlushAt)
            {
                await writer.FlushAsync(ct);
            }
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(ct);
    }
}
