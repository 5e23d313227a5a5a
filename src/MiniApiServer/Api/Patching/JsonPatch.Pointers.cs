using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Api.Patching;

/// <summary>JSON pointer navigation (RFC 6901) with evanphx/json-patch's rules for object keys and array indices.</summary>
internal static partial class JsonPatch
{
    // evanphx findObject: the container of the last token and that token, or null when any step is missing.
    // Splitting as Go does means "" and "abc" are missing, and "a/b" is read as "/b".
    private static (JsonNode Container, string Key)? Locate(JsonNode document, string path)
    {
        var tokens = path.Split('/');
        if (tokens.Length < 2)
        {
            return null;
        }

        var current = document;
        foreach (var token in tokens.AsSpan(1, tokens.Length - 2))
        {
            if (Get(current, Unescape(token), out var next) is not null || next is not (JsonObject or JsonArray))
            {
                return null;
            }

            current = next;
        }

        return (current, Unescape(tokens[^1]));
    }

    // RFC 6901 in one left-to-right pass (Go's strings.NewReplacer("~1", "/", "~0", "~")); other escapes stay as written.
    private static string Unescape(string token)
    {
        if (!token.Contains('~'))
        {
            return token;
        }

        var result = new StringBuilder(token.Length);
        for (var i = 0; i < token.Length; i++)
        {
            if (token[i] == '~' && i + 1 < token.Length && token[i + 1] is '0' or '1')
            {
                result.Append(token[i + 1] == '0' ? '~' : '/');
                i++;
            }
            else
            {
                result.Append(token[i]);
            }
        }

        return result.ToString();
    }

    // partialDoc.get never fails (a missing member is nil); partialArray.get checks the index.
    private static string? Get(JsonNode container, string key, out JsonNode? value)
    {
        value = null;
        if (container is JsonObject obj)
        {
            obj.TryGetPropertyValue(key, out value);
            return null;
        }

        var array = container.AsArray();
        if (ArrayIndex.Parse(key, out var index) is { } error)
        {
            return error;
        }

        if (index < 0)
        {
            if (index < -array.Count)
            {
                return ArrayIndex.Invalid(index);
            }

            index += array.Count;
        }

        if (index >= array.Count)
        {
            return ArrayIndex.Invalid(index);
        }

        value = array[(int)index];
        return null;
    }

    // Only called after Get succeeded for the same key.
    private static void Set(JsonNode container, string key, JsonNode? value)
    {
        if (container is JsonObject obj)
        {
            obj[key] = value;
            return;
        }

        var array = container.AsArray();
        ArrayIndex.Parse(key, out var index);
        array[(int)(index < 0 ? index + array.Count : index)] = value;
    }

    // partialDoc.add / partialArray.add: "-" appends; index == length appends; negative counts from the new end.
    private static string? Insert(JsonNode container, string key, JsonNode? value)
    {
        if (container is JsonObject obj)
        {
            obj[key] = value;
            return null;
        }

        var array = container.AsArray();
        if (key == "-")
        {
            array.Add(value);
            return null;
        }

        if (ArrayIndex.Parse(key, out var index) is { } error)
        {
            return $"value was not a proper array index: '{key}': {error}";
        }

        var newLength = array.Count + 1;
        if (index >= newLength || index < -newLength)
        {
            return ArrayIndex.Invalid(index);
        }

        array.Insert((int)(index < 0 ? index + newLength : index), value);
        return null;
    }

    private static string? Delete(JsonNode container, string key)
    {
        if (container is JsonObject obj)
        {
            return obj.Remove(key) ? null : $"Unable to remove nonexistent key: {key}: missing value";
        }

        var array = container.AsArray();
        if (ArrayIndex.Parse(key, out var index) is { } error)
        {
            return error;
        }

        if (index >= array.Count || index < -array.Count)
        {
            return ArrayIndex.Invalid(index);
        }

        array.RemoveAt((int)(index < 0 ? index + array.Count : index));
        return null;
    }
}
