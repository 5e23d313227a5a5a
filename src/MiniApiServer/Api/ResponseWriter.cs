using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Api.Codec;
using MiniApiServer.Api.Requests;
using MiniApiServer.Machinery;
using MiniApiServer.Registry;

namespace MiniApiServer.Api;

/// <summary>Writes objects, lists and Status bodies in the negotiated format (JSON by default, YAML on request).</summary>
internal static class ResponseWriter
{
    public static Task WriteJsonAsync(HttpContext ctx, int status, byte[] json)
    {
        var format = MediaTypes.ForResponse(ctx.Request.Headers.Accept.ToString());
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
    /// Answers with a list (<c>{"kind":"XList","apiVersion":"v1","metadata":{...},"items":[...]}</c>). Items are the
    /// stored bytes without <c>apiVersion</c>/<c>kind</c>, as upstream lists print them; stored bytes always start
    /// with those two members because the serializer writes properties in name order. JSON is streamed item by item
    /// straight from the stored bytes (a 10,000-item list is several MB); YAML is converted as a whole.
    /// </summary>
    public static async Task WriteListAsync(HttpContext ctx, int status, ResourceDescriptor d, ListResult list)
    {
        var meta = new V1ListMeta { ResourceVersion = list.ResourceVersion, ContinueProperty = list.Continue, RemainingItemCount = list.RemainingItemCount };
        var items = list.Items;
        if (MediaTypes.ForResponse(ctx.Request.Headers.Accept.ToString()) == WireFormat.Yaml)
        {
            using var buffer = new MemoryStream();
            await WriteListJsonAsync(buffer, d, meta, items, ctx.RequestAborted);
            await WriteJsonAsync(ctx, status, buffer.ToArray());
            return;
        }
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        await WriteListJsonAsync(ctx.Response.Body, d, meta, items, ctx.RequestAborted);
    }

    private static async Task WriteListJsonAsync(Stream output, ResourceDescriptor d, V1ListMeta meta, IEnumerable<byte[]> items, CancellationToken ct)
    {
        const int FlushAt = 64 * 1024;
        var prefix = Encoding.UTF8.GetBytes($"{{\"apiVersion\":\"{d.ApiVersion}\",\"kind\":\"{d.Kind}\",");
        var chunk = new MemoryStream(FlushAt * 2);
        chunk.Write(Encoding.UTF8.GetBytes($"{{\"kind\":\"{d.ListKind}\",\"apiVersion\":\"{d.ApiVersion}\",\"metadata\":"));
        chunk.Write(JsonSerializer.SerializeToUtf8Bytes(meta, KubernetesJsonOptions.Default));
        chunk.Write(",\"items\":["u8);
        var first = true;
        foreach (var json in items)
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
