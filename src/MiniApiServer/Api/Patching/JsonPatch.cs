using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Api.Patching;

/// <summary>
/// RFC 6902 JSON patch (<c>application/json-patch+json</c>) as kube-apiserver applies it: patch.go
/// (<c>jsonPatcher.applyJSPatch</c>) with gopkg.in/evanphx/json-patch.v4 (patch.go), whose quirks are kept on
/// purpose because clients see them: negative array indices count from the end, indices are read with Go's
/// <c>strconv.Atoi</c> (so <c>01</c> and <c>+1</c> are accepted), <c>replace</c> of a missing object member
/// adds it, <c>copy</c> from a missing member copies <c>null</c>, <c>add</c> at the root path fails, and a path
/// without a leading <c>/</c> has its first token ignored. Failure messages are evanphx's, word for word.
/// </summary>
internal static partial class JsonPatch
{
    /// <summary>patch.go maxJSONPatchOperations.</summary>
    public const int MaxOperations = 10000;

    /// <summary>
    /// The limit on what <c>copy</c> operations may add (genericapiserver Config.JSONPatchMaxCopyBytes, installed as
    /// jsonpatch.AccumulatedCopySizeLimit). Sizes are our compact JSON in UTF-8, which matches Go's except where Go
    /// escapes <c>&lt;</c>, <c>&gt;</c> and <c>&amp;</c>.
    /// </summary>
    public const long MaxCopyBytes = 3 * 1024 * 1024;

    private static readonly JsonSerializerOptions CompactJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Parses a request body; only malformed JSON is refused here (400), the shape is checked by <see cref="Apply"/>.</summary>
    public static JsonNode? Parse(ReadOnlySpan<byte> body)
    {
        try
        {
            return PatchException.Materialized(JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false }));
        }
        catch (JsonException e)
        {
            throw PatchException.Undecodable(body, e);
        }
    }

    /// <summary>
    /// Applies the operations of <paramref name="patchDocument"/> to a copy of <paramref name="target"/> (a JSON object
    /// or array, which is not mutated). A document of the wrong shape is <see cref="PatchErrorKind.BadRequest"/>,
    /// more than <see cref="MaxOperations"/> operations <see cref="PatchErrorKind.TooLarge"/>, and a failing
    /// operation <see cref="PatchErrorKind.Invalid"/> (whose detail kube-apiserver does not show: see
    /// <see cref="PatchException.StatusMessage"/>). A <c>null</c> document is an empty patch, as in kube.
    /// </summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patchDocument)
    {
        if (target is not (JsonObject or JsonArray))
        {
            throw new ArgumentException("A JSON patch applies to an object or an array.", nameof(target));
        }

        var operations = Decode(patchDocument);
        if (operations.Count > MaxOperations)
        {
            throw new PatchException(PatchErrorKind.TooLarge,
                $"Request entity too large: The allowed maximum operations in a JSON patch is {MaxOperations}, got {operations.Count}");
        }

        var document = target.DeepClone();
        long copiedBytes = 0;
        foreach (var operation in operations)
        {
            var kind = operation.Kind;
            var error = kind switch
            {
                "add" => Add(document, operation),
                "remove" => Remove(document, operation),
                "replace" => Replace(ref document, operation),
                "move" => Move(document, operation),
                "test" => Test(document, operation),
                "copy" => Copy(document, operation, ref copiedBytes),
                _ => $"Unexpected kind: {kind}",
            };
            if (error is not null)
            {
                throw new PatchException(PatchErrorKind.Invalid, error);
            }
        }

        return document;
    }

    // patch.go's strict pre-decode into []jsonPatchOp{Op, Path, From string; Value interface{}}: the first type
    // error in document order is reported, as Go's decoder does. Unknown fields only produce warnings there.
    private static List<Operation> Decode(JsonNode? patchDocument)
    {
        if (patchDocument is null)
        {
            return [];
        }

        if (patchDocument is not JsonArray items)
        {
            throw PatchException.CannotUnmarshal(patchDocument, "Go value of type []handlers.jsonPatchOp");
        }

        var operations = new List<Operation>(items.Count);
        foreach (var item in items)
        {
            if (item is not (null or JsonObject))
            {
                throw PatchException.CannotUnmarshal(item, "Go value of type handlers.jsonPatchOp");
            }

            foreach (var (name, value) in (JsonObject?)item ?? [])
            {
                if (name is "op" or "path" or "from" && value is not null && value.GetValueKind() != JsonValueKind.String)
                {
                    throw PatchException.CannotUnmarshal(value, $"Go struct field jsonPatchOp.{name} of type string");
                }
            }

            operations.Add(new Operation((JsonObject?)item));
        }

        return operations;
    }

    private static string? Add(JsonNode document, Operation op)
    {
        if (op.Path is not { } path)
        {
            return "add operation failed to decode path: missing value";
        }

        if (Locate(document, path) is not (var container, var key))
        {
            return $"add operation does not apply: doc is missing path: \"{path}\": missing value";
        }

        return Wrap($"error in add for path: '{path}'", Insert(container, key, op.Value?.DeepClone()));
    }

    private static string? Remove(JsonNode document, Operation op)
    {
        if (op.Path is not { } path)
        {
            return "remove operation failed to decode path: missing value";
        }

        if (Locate(document, path) is not (var container, var key))
        {
            return $"remove operation does not apply: doc is missing path: \"{path}\": missing value";
        }

        return Wrap($"error in remove for path: '{path}'", Delete(container, key));
    }

    private static string? Replace(ref JsonNode document, Operation op)
    {
        if (op.Path is not { } path)
        {
            return "replace operation failed to decode path: operation missing path field: missing value";
        }

        if (path.Length == 0)
        {
            if (op.Value is not (JsonObject or JsonArray))
            {
                // evanphx wraps a nil error here, which Go's fmt prints as %!w(<nil>).
                return "replace operation value must be object or array: %!w(<nil>)";
            }

            document = op.Value.DeepClone();
            return null;
        }

        if (Locate(document, path) is not (var container, var key))
        {
            return $"replace operation does not apply: doc is missing path: {path}: missing value";
        }

        if (Get(container, key, out _) is not null)
        {
            return $"replace operation does not apply: doc is missing key: {path}: missing value";
        }

        Set(container, key, op.Value?.DeepClone());
        return null;
    }

    private static string? Move(JsonNode document, Operation op)
    {
        if (op.From is not { } from)
        {
            return "move operation failed to decode from: operation, missing from field: missing value";
        }

        if (Locate(document, from) is not (var source, var sourceKey))
        {
            return $"move operation does not apply: doc is missing from path: {from}: missing value";
        }

        var error = Get(source, sourceKey, out var value) ?? Delete(source, sourceKey);
        if (error is not null)
        {
            return $"error in move for path: '{sourceKey}': {error}";
        }

        if (op.Path is not { } path)
        {
            return "move operation failed to decode path: operation missing path field: missing value";
        }

        if (Locate(document, path) is not (var container, var key))
        {
            return $"move operation does not apply: doc is missing destination path: {path}: missing value";
        }

        return Wrap($"error in move for path: '{path}'", Insert(container, key, value));
    }

    private static string? Test(JsonNode document, Operation op)
    {
        if (op.Path is not { } path)
        {
            return "test operation failed to decode path: operation missing path field: missing value";
        }

        JsonNode? actual;
        if (path.Length == 0)
        {
            actual = document;
        }
        else if (Locate(document, path) is (var container, var key))
        {
            if (Get(container, key, out actual) is { } error)
            {
                return $"error in test for path: '{path}': {error}";
            }
        }
        else
        {
            return $"test operation does not apply: is missing path: {path}: missing value";
        }

        // A missing member reads as null, so it passes a test against null (evanphx compares nil nodes).
        // Values compare as JSON, not as Go's compacted bytes: 1 equals 1.0 and "\u0041" equals "A".
        return JsonNode.DeepEquals(actual, op.Value) ? null : $"testing value {path} failed: test failed";
    }

    private static string? Copy(JsonNode document, Operation op, ref long copiedBytes)
    {
        if (op.From is not { } from)
        {
            return "copy operation failed to decode from: operation, missing from field: missing value";
        }

        if (Locate(document, from) is not (var source, var sourceKey))
        {
            return $"copy operation does not apply: doc is missing from path: {from}: missing value";
        }

        if (Get(source, sourceKey, out var value) is { } error)
        {
            return $"error in copy for from: '{from}': {error}";
        }

        if (op.Path is not { } path)
        {
            return "copy operation failed to decode path: missing value";
        }

        if (Locate(document, path) is not (var container, var key))
        {
            return $"copy operation does not apply: doc is missing destination path: {path}: missing value";
        }

        copiedBytes += value is null ? 0 : Encoding.UTF8.GetByteCount(value.ToJsonString(CompactJson));
        if (copiedBytes > MaxCopyBytes)
        {
            return $"Unable to complete the copy, the accumulated size increase of copy is {copiedBytes}, exceeding the limit {MaxCopyBytes}";
        }

        return Wrap("error while adding value during copy", Insert(container, key, value?.DeepClone()));
    }

    private static string? Wrap(string context, string? error) => error is null ? null : $"{context}: {error}";

    /// <summary>One operation as evanphx reads it: a missing or null <c>op</c>/<c>path</c>/<c>from</c> is absent, and a missing <c>value</c> is null.</summary>
    private readonly record struct Operation(JsonObject? Fields)
    {
        public string Kind => Text("op") ?? "unknown";

        public string? Path => Text("path");

        public string? From => Text("from");

        public JsonNode? Value => Fields?["value"];

        // Decode has already refused non-string values for these members.
        private string? Text(string name) => Fields?[name]?.GetValue<string>();
    }
}
