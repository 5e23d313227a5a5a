using System.Text.Json;

namespace MiniApiServer.Api.Tables;

/// <summary>Reads parts of an object's stored JSON without decoding it.</summary>
internal static class StoredJson
{
    /// <summary>
    /// The raw value of the top-level <c>metadata</c> member. Stored objects write it third (after apiVersion and kind),
    /// so the scan skips two short values and stops; the bytes are copied into responses as they are, which is exactly
    /// the object's metadata as meta.AsPartialObjectMetadata copies it.
    /// </summary>
    public static ReadOnlySpan<byte> Metadata(ReadOnlySpan<byte> json)
    {
        var (start, length) = MetadataRange(json);
        return length == 0 ? "{}"u8 : json.Slice(start, length);
    }

    /// <summary>Where the top-level <c>metadata</c> member's value lies in <paramref name="json"/>; length 0 when there is none.</summary>
    public static (int Start, int Length) MetadataRange(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isMetadata = reader.ValueTextEquals("metadata"u8);
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            if (isMetadata)
            {
                return (start, (int)reader.BytesConsumed - start);
            }
        }
        return (0, 0);
    }
}
