using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MiniApiServer.Tests;

/// <summary>
/// The whole server in-process on a real Kestrel socket (127.0.0.1, a free port), with its own data directory,
/// deleted on dispose. Tests talk to it over HTTP like any client.
/// </summary>
internal sealed class ApiServer : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;
    private readonly bool _ownsDirectory;

    private ApiServer(WebApplicationFactory<Program> factory, string dataDirectory, bool ownsDirectory)
    {
        _factory = factory;
        DataDirectory = dataDirectory;
        _ownsDirectory = ownsDirectory;
        Client = factory.CreateClient();
        Client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    public HttpClient Client { get; }

    public string DataDirectory { get; }

    public Uri BaseAddress => Client.BaseAddress!;

    public IServiceProvider Services => _factory.Services;

    public static ApiServer Start(string? dataDirectory = null, IDictionary<string, string>? settings = null)
    {
        var owns = dataDirectory is null;
        var dir = dataDirectory ?? Path.Combine(Path.GetTempPath(), "miniapiserver-tests", Guid.NewGuid().ToString("N"));
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("data-dir", dir);
            b.UseSetting("urls", "http://127.0.0.1:0");
            // Tests write pod status themselves unless they ask for the simulator (settings below may turn it on).
            b.UseSetting("pod-simulator", "false");
            foreach (var (k, v) in settings ?? new Dictionary<string, string>())
            {
                b.UseSetting(k, v);
            }
        });
        factory.UseKestrel(0);
        factory.StartServer();
        return new ApiServer(factory, dir, owns);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _factory.DisposeAsync();
        if (_ownsDirectory)
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: the temp directory is cleaned by the OS eventually.
            }
        }
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? body = null, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        return Client.SendAsync(request);
    }

    public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<HttpResponseMessage> PostAsync(string path, string body, string contentType = "application/json") =>
        SendAsync(HttpMethod.Post, path, body, contentType);

    public Task<HttpResponseMessage> PutAsync(string path, string body, string contentType = "application/json") =>
        SendAsync(HttpMethod.Put, path, body, contentType);

    public Task<HttpResponseMessage> PatchAsync(string path, string body, string contentType = "application/merge-patch+json") =>
        SendAsync(HttpMethod.Patch, path, body, contentType);

    public Task<HttpResponseMessage> DeleteAsync(string path, string? body = null) => SendAsync(HttpMethod.Delete, path, body);
}

internal static class HttpAssert
{
    /// <summary>Asserts the status code and returns the JSON body.</summary>
    public static async Task<JsonObject> Json(HttpResponseMessage response, int expectedStatus)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expectedStatus, $"expected {expectedStatus}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Asserts a Kubernetes Status failure with the code, reason and exact message.</summary>
    public static async Task<JsonObject> Status(HttpResponseMessage response, int code, string reason, string? message = null)
    {
        var status = await Json(response, code);
        Assert.Equal("Status", (string?)status["kind"]);
        Assert.Equal("v1", (string?)status["apiVersion"]);
        Assert.Equal("Failure", (string?)status["status"]);
        Assert.Equal(code, (int?)status["code"]);
        Assert.Equal(reason, (string?)status["reason"]);
        if (message is not null)
        {
            Assert.Equal(message, (string?)status["message"]);
        }
        return status;
    }
}
