using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using MiniApiServer.Machinery;

namespace MiniApiServer.Storage;

/// <summary>
/// The opaque paging token, encoded as upstream encodes it (staging/src/k8s.io/apiserver/pkg/storage/continue.go):
/// base64url of <c>{"v":"meta.k8s.io/v1","rv":N,"start":"key\u0000"}</c>. It pins the revision every page is read at.
/// </summary>
internal static class ContinueToken
{
    private const string Version = "meta.k8s.io/v1";

    public static string Encode(long revision, string lastKey)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["v"] = Version, ["rv"] = revision, ["start"] = lastKey + "\0" });
        return Base64Url.EncodeToString(json);
    }

    /// <summary>Returns the revision and the key after which the next page starts; 400 for anything malformed.</summary>
    public static (long Revision, string AfterKey) Decode(string token)
    {
        try
        {
            var json = Base64Url.DecodeFromChars(token);
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            if (root.GetProperty("v").GetString() != Version)
            {
                throw Invalid($"continue key is not valid: server does not recognize this encoding");
            }
            var rv = root.GetProperty("rv").GetInt64();
            var start = root.GetProperty("start").GetString() ?? "";
            if (rv <= 0 || start.Length == 0 || !start.EndsWith('\0'))
            {
                throw Invalid("continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
            }
            return (rv, start[..^1]);
        }
        catch (Exception e) when (e is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw Invalid($"continue key is not valid: {e.Message}");
        }
    }

    private static ApiException Invalid(string detail) => ApiException.BadRequest($"invalid continue token: {detail}");

    internal static string Describe(string token) => Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
}
