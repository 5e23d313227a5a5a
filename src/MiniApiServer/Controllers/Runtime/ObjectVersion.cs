using System.Globalization;
using System.Text.Json;

namespace MiniApiServer.Controllers.Runtime;

/// <summary>The resourceVersion of an object a controller wrote, for waiting until its informer has seen that write.</summary>
internal static class ObjectVersion
{
    /// <summary>metadata.resourceVersion of an object's JSON, read without decoding the rest of it; 0 when absent.</summary>
    public static long Of(byte[] json)
    {
        var reader = new Utf8JsonReader(json);
        var inMetadata = false;
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                continue;
            }
            if (reader.CurrentDepth == 1)
            {
                inMetadata = reader.ValueTextEquals("metadata"u8);
                if (!inMetadata)
                {
                    reader.Skip();
                }
                continue;
            }
            if (inMetadata && reader.CurrentDepth == 2 && reader.ValueTextEquals("resourceVersion"u8))
            {
                reader.Read();
                return Parse(reader.GetString());
            }
            if (reader.CurrentDepth == 2)
            {
                reader.Skip();
            }
        }
        return 0;
    }

    public static long Parse(string? resourceVersion) =>
        long.TryParse(resourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var rv) ? rv : 0;
}
