using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Api.Patching;

/// <summary>
/// RFC 7386 JSON merge patch (<c>application/merge-patch+json</c>) as kube-apiserver applies it with
/// <c>jsonpatch.MergePatch</c> from gopkg.in/evanphx/json-patch.v4 (merge.go).
/// </summary>
internal static class JsonMergePatch
{
    /// <summary>
    /// Decodes a merge-patch request body the way patch.go does for the default fieldValidation (Warn) and Strict:
    /// its strict pre-decode into <c>map[string]interface{}</c> rejects anything but an object or <c>null</c>, and
    /// <c>MergePatch</c> then rejects <c>null</c> with <c>Invalid JSON Patch</c>. All are 400 BadRequest.
    /// Duplicate keys are rejected here too (Go keeps the last one and warns).
    /// </summary>
    public static JsonObject Parse(ReadOnlySpan<byte> body)
    {
        JsonNode? patch;
        try
        {
            patch = PatchException.Materialized(JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false }));
        }
        catch (JsonException e)
        {
            throw PatchException.Undecodable(body, e);
        }

        return patch switch
        {
            JsonObject patchObject => patchObject,
            null => throw new PatchException(PatchErrorKind.BadRequest, "Invalid JSON Patch"),
            _ => throw PatchException.CannotUnmarshal(patch, "Go value of type map[string]interface {}"),
        };
    }

    /// <summary>
    /// Applies <paramref name="patch"/> to a copy of <paramref name="target"/>: objects merge recursively, a
    /// <c>null</c> member deletes the key, anything else replaces wholesale; a non-object patch replaces the whole
    /// target. Neither argument is mutated, and numbers keep their exact text.
    /// </summary>
    /// <remarks>
    /// Like evanphx/json-patch (and unlike the letter of RFC 7386), a value that lands where the target held no
    /// object has its nulls pruned everywhere inside it, <em>including null array elements</em>; a non-object value
    /// that replaces an object is taken as is.
    /// </remarks>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return WithoutNulls(patch);
        }

        var result = target is JsonObject targetObject ? targetObject.DeepClone().AsObject() : [];
        MergeInto(result, patchObject);
        return result;
    }

    // merge.go mergeDocs/merge: `document` is already a private copy, so it is edited in place.
    private static void MergeInto(JsonObject document, JsonObject patch)
    {
        foreach (var (name, value) in patch)
        {
            if (value is null)
            {
                document.Remove(name);
            }
            else if (document.TryGetPropertyValue(name, out var current) && current is JsonObject currentObject)
            {
                if (value is JsonObject valueObject)
                {
                    MergeInto(currentObject, valueObject);
                }
                else
                {
                    document[name] = value.DeepClone();
                }
            }
            else
            {
                document[name] = WithoutNulls(value);
            }
        }
    }

    // merge.go pruneNulls: a copy without null object members or null array elements, at any depth.
    private static JsonNode? WithoutNulls(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.Where(p => p.Value is not null).Select(p => KeyValuePair.Create(p.Key, WithoutNulls(p.Value)))),
        JsonArray array => new JsonArray(array.Where(e => e is not null).Select(WithoutNulls).ToArray()),
        _ => node?.DeepClone(),
    };
}
