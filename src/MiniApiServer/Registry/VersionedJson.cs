using System.Globalization;
using System.Text.Json;
using k8s;
using k8s.Models;

namespace MiniApiServer.Registry;

/// <summary>
/// An object serialized before its resourceVersion is known, with the place of <c>metadata.resourceVersion</c>'s value
/// remembered: the store's writer, which assigns versions in commit order, then only splices the digits in. Encoding
/// on that single writer thread serialized every write's JSON behind it.
/// </summary>
internal sealed class VersionedJson
{
    private readonly byte[] _template;
    private readonly int _slotStart;
    private readonly int _slotLength;

    private VersionedJson(byte[] template, int slotStart, int slotLength)
    {
        _template = template;
        _slotStart = slotStart;
        _slotLength = slotLength;
    }

    /// <summary>Serializes <paramref name="model"/> with a placeholder version, and finds where it went.</summary>
    public static VersionedJson Encode(IKubernetesObject<V1ObjectMeta> model, ResourceDescriptor d)
    {
        model.Metadata.ResourceVersion = "0";
        var json = ObjectCodec.Encode(model, d);
        var (start, length) = FindVersion(json);
        return new VersionedJson(json, start, length);
    }

    /// <summary>The JSON with <paramref name="revision"/> as its resourceVersion.</summary>
    public byte[] WithVersion(long revision)
    {
        Span<byte> digits = stackalloc byte[20];
        revision.TryFormat(digits, out var written, default, CultureInfo.InvariantCulture);
        var bytes = new byte[_template.Length - _slotLength + written];
        _template.AsSpan(0, _slotStart).CopyTo(bytes);
        digits[..written].CopyTo(bytes.AsSpan(_slotStart));
        _template.AsSpan(_slotStart + _slotLength).CopyTo(bytes.AsSpan(_slotStart + written));
        return bytes;
    }

    /// <summary>The offset and length of metadata.resourceVersion's characters (inside the quotes).</summary>
    private static (int Start, int Length) FindVersion(byte[] json)
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
                // The opening quote, then the digits written unescaped.
                return ((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length);
            }
            if (reader.CurrentDepth == 2)
            {
                reader.Skip();
            }
        }
        throw new InvalidOperationException("an encoded object has no metadata.resourceVersion");
    }
}
