using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MiniApiServer.Storage;

namespace MiniApiServer.Tests.Api;

/// <summary>Minimal valid manifests of the four kinds, as JSON text.</summary>
internal static class Manifests
{
    public static string Service(string name, string labels = "{}", string extraSpec = "") =>
        "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"" + name + "\",\"labels\":" + labels + "}," +
        "\"spec\":{" + extraSpec + "\"ports\":[{\"port\":80}]}}";

    public static string Pod(string name, string labels = "{}", string? nodeName = null) =>
        "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name + "\",\"labels\":" + labels + "}," +
        "\"spec\":{" + (nodeName is null ? "" : "\"nodeName\":\"" + nodeName + "\",") + "\"containers\":[{\"name\":\"c\",\"image\":\"nginx\"}]}}";

    public static string Endpoints(string name, string ip = "10.1.0.1") =>
        "{\"apiVersion\":\"v1\",\"kind\":\"Endpoints\",\"metadata\":{\"name\":\"" + name + "\"}," +
        "\"subsets\":[{\"addresses\":[{\"ip\":\"" + ip + "\"}],\"ports\":[{\"port\":80}]}]}";

    public static string Namespace(string name, string metadataExtra = "") =>
        "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{" + metadataExtra + "\"name\":\"" + name + "\"}}";
}

/// <summary>Shortcuts over <see cref="ApiServer"/> for the generic API tests.</summary>
internal static class ApiTestKit
{
    public const string Services = "/api/v1/namespaces/default/services";
    public const string Pods = "/api/v1/namespaces/default/pods";
    public const string EndpointsPath = "/api/v1/namespaces/default/endpoints";
    public const string Namespaces = "/api/v1/namespaces";

    /// <summary>The store's current revision: what a list reports, and what every real write advances.</summary>
    public static long Revision(this ApiServer server) => server.Services.GetRequiredService<IObjectStore>().Current.Revision;

    public static async Task<JsonObject> CreateAsync(this ApiServer server, string collection, string body) =>
        await HttpAssert.Json(await server.PostAsync(collection, body), 201);

    public static async Task<JsonObject> GetJsonAsync(this ApiServer server, string path) =>
        await HttpAssert.Json(await server.GetAsync(path), 200);

    public static async Task CreateNamespaceAsync(this ApiServer server, string name) =>
        await server.CreateAsync(Namespaces, Manifests.Namespace(name));

    public static Task<HttpResponseMessage> SendAsync(this ApiServer server, HttpMethod method, string path, string? body, string contentType, string accept)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        request.Headers.TryAddWithoutValidation("Accept", accept);
        return server.Client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> SendBytesAsync(this ApiServer server, HttpMethod method, string path, byte[] body, string? contentType = "application/json")
    {
        var request = new HttpRequestMessage(method, path) { Content = new ByteArrayContent(body) };
        if (contentType is not null)
        {
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        return server.Client.SendAsync(request);
    }

    public static string Rv(this JsonObject obj) => (string)obj["metadata"]!["resourceVersion"]!;

    public static long RvNumber(this JsonObject obj) => long.Parse(obj.Rv(), System.Globalization.CultureInfo.InvariantCulture);

    public static string? Label(this JsonObject obj, string key) => (string?)obj["metadata"]!["labels"]?[key];

    public static List<string> Names(this JsonObject list) =>
        list["items"]!.AsArray().Select(i => (string)i!["metadata"]!["name"]!).ToList();

    public static List<string> Warnings(this HttpResponseMessage response) =>
        response.Headers.TryGetValues("Warning", out var values) ? values.ToList() : [];
}
