using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Api.Codec;
using MiniApiServer.Api.Requests;
using MiniApiServer.Api.Tables;
using MiniApiServer.Machinery;
using MiniApiServer.Registry;

namespace MiniApiServer.Api;

/// <summary>
/// Writes objects, lists and Status bodies in the negotiated format (JSON by default, YAML on request), converted as the
/// client asked (a Table, PartialObjectMetadata or PartialObjectMetadataList: handlers/response.go
/// transformResponseObject).
/// </summary>
internal static class ResponseWriter
{
    public static Task WriteJsonAsync(HttpContext ctx, int status, byte[] json) =>
        WriteBytesAsync(ctx, status, MediaTypes.ForResponse(ctx.Request.Headers.Accept.ToString()), json);

    /// <summary>
    /// One object of <paramref name="kind"/> (its stored JSON), converted to <paramref name="target"/>: a one-row Table, a
    /// PartialObjectMetadata, or, asked for a list's conversion, upstream's 406.
    /// </summary>
    public static Task WriteObjectAsync(HttpContext ctx, int status, KindRegistration kind, ResponseTarget target, byte[] json, DateTime now)
    {
        var body = target.Conversion switch
        {
            Conversion.Table => TableWriter.OneRow(kind, target.MetaApiVersion, TableOptions.Read(ctx.Request.Query), json, now),
            Conversion.PartialObjectMetadata => PartialObjectMetadata.Of(target.MetaApiVersion, json),
            Conversion.PartialObjectMetadataList => throw HttpErrors.NotAcceptable(
                $"you requested PartialObjectMetadataList, but the requested object is not a list ({kind.Descriptor.InternalTypeName(list: false)})"),
            _ => json,
        };
        return WriteBytesAsync(ctx, status, target.Format, body);
    }

    private static Task WriteBytesAsync(HttpContext ctx, int status, WireFormat format, byte[] json)
    {
        ctx.Response.StatusCode = status;
        if (format == WireFormat.Yaml)
        {
            ctx.Response.ContentType = "application/yaml";
            return ctx.Response.WriteAsync(YamlJson.JsonToYaml(JsonNode.Parse(json)), ctx.RequestAborted);
        }
        ctx.Response.ContentType = "application/json";
        ctx.Response.ContentLength = json.Length;
        return ctx.Response.Body.WriteAsync(json, ctx.RequestAborted).AsTask();
    }

    public static Task WriteModelAsync<T>(HttpContext ctx, int status, T model) =>
        WriteJsonAsync(ctx, status, JsonSerializer.SerializeToUtf8Bytes(model, KubernetesJsonOptions.Default));

    /// <summary>
    /// A Status body. Status errors are answered in JSON even when YAML was asked for and JSON is all that remains
    /// acceptable, so an error never turns into a second error.
    /// </summary>
    public static Task WriteStatusAsync(HttpContext ctx, V1Status status)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(status, KubernetesJsonOptions.Default);
        ctx.Response.StatusCode = status.Code ?? 500;
        if (status.Details?.RetryAfterSeconds is { } retry)
        {
            ctx.Response.Headers.RetryAfter = retry.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        WireFormat format;
        try
        {
            format = MediaTypes.ForResponse(ctx.Request.Headers.Accept.ToString());
        }
        catch (ApiException)
        {
            format = WireFormat.Json;
        }
        if (format == WireFormat.Yaml)
        {
            ctx.Response.ContentType = "application/yaml";
            return ctx.Response.WriteAsync(YamlJson.JsonToYaml(JsonNode.Parse(json)), ctx.RequestAborted);
        }
        ctx.Response.ContentType = "application/json";
        return ctx.Response.Body.WriteAsync(json, ctx.RequestAborted).AsTask();
    }

    public static void AddWarning(HttpContext ctx, string text) =>
        ctx.Response.Headers.Append("Warning", "299 - \"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"");

    /// <summary>
    /// Answers with a list (<c>{"kind":"XList","apiVersion":"v1","metadata":{...},"items":[...]}</c>), or its conversion
    /// to <paramref name="target"/>. Items are the stored bytes without <c>apiVersion</c>/<c>kind</c>, as upstream lists
    /// print them; stored bytes always start with those two members because the serializer writes properties in name
    /// order. JSON is streamed item by item straight from the stored bytes (a 10,000-item list is several MB); YAML is
    /// converted as a whole.
    /// </summary>
    public static async Task WriteListAsync(HttpContext ctx, int status, KindRegistration kind, ResponseTarget target, ListResult list, DateTime now)
    {
        var d = kind.Descriptor;
        // Options are checked before anything is written, so a bad includeObject is a whole 400.
        var include = target.Conversion == Conversion.Table ? TableOptions.Read(ctx.Request.Query) : IncludeObject.Metadata;
        Func<Stream, CancellationToken, Task> write = target.Conversion switch
        {
            Conversion.Table => (output, ct) => TableWriter.WriteListAsync(output, kind, target.MetaApiVersion, include, list, now, ct),
            Conversion.PartialObjectMetadataList => (output, ct) => PartialObjectMetadata.WriteListAsync(output, target.MetaApiVersion, list, ct),
            Conversion.PartialObjectMetadata => throw HttpErrors.NotAcceptable(
                $"you requested PartialObjectMetadata, but the requested object is a list ({d.InternalTypeName(list: true)})"),
            _ => (output, ct) => WriteListJsonAsync(output, d, list, ct),
        };
        if (target.Format == WireFormat.Yaml)
        {
            using var buffer = new MemoryStream();
            await write(buffer, ctx.RequestAborted);
            await WriteBytesAsync(ctx, status, WireFormat.Yaml, buffer.ToArray());
            return;
        }
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        await write(ctx.Response.Body, ctx.RequestAborted);
    }

    private static async Task WriteListJsonAsync(Stream output, ResourceDescriptor d, ListResult list, CancellationToken ct)
    {
        var meta = new V1ListMeta { ResourceVersion = list.ResourceVersion, ContinueProperty = list.Continue, RemainingItemCount = list.RemainingItemCount };
        const int FlushAt = 64 * 1024;
        var prefix = Encoding.UTF8.GetBytes($"{{\"apiVersion\":\"{d.ApiVersion}\",\"kind\":\"{d.Kind}\",");
        var chunk = new MemoryStream(FlushAt * 2);
        chunk.Write(Encoding.UTF8.GetBytes($"{{\"kind\":\"{d.ListKind}\",\"apiVersion\":\"{d.ApiVersion}\",\"metadata\":"));
        chunk.Write(JsonSerializer.SerializeToUtf8Bytes(meta, KubernetesJsonOptions.Default));
        chunk.Write(",\"items\":["u8);
        var first = true;
        foreach (var json in list.Items)
        {
            if (!first)
            {
                chunk.WriteByte((byte)',');
            }
            first = false;
            if (json.AsSpan().StartsWith(prefix))
            {
                chunk.WriteByte((byte)'{');
                chunk.Write(json.AsSpan(prefix.Length));
            }
            else
            {
                chunk.Write(json);
            }
            if (chunk.Length >= FlushAt)
            {
                await output.WriteAsync(chunk.GetBuffer().AsMemory(0, (int)chunk.Length), ct);
                chunk.SetLength(0);
            }
        }
        chunk.Write("]}"u8);
        await output.WriteAsync(chunk.GetBuffer().AsMemory(0, (int)chunk.Length), ct);
    }
}
