using System.Net;
using System.Net.Http.Headers;

namespace MiniApiServer.Bench.Load;

/// <summary>
/// The load generator's HTTP client: one pooled <see cref="SocketsHttpHandler"/> with as many HTTP/1.1 keep-alive
/// connections as there are concurrent clients, as kubectl and client-go use it.
/// </summary>
internal sealed class LoadClient : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly MediaTypeHeaderValue MergePatch = new("application/merge-patch+json");

    private readonly HttpClient _http;

    public LoadClient(Uri baseAddress, int connections)
    {
        _http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(120),
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }

    public Task<Reply> GetAsync(string path, CancellationToken ct) => SendAsync(HttpMethod.Get, path, null, ct);

    /// <summary>A GET with an <c>Accept</c> header (kubectl's <c>as=Table</c>, for one).</summary>
    public Task<Reply> GetAsync(string path, string accept, CancellationToken ct) => SendAsync(HttpMethod.Get, path, null, ct, accept: accept);

    public Task<Reply> PostAsync(string path, byte[] json, CancellationToken ct) => SendAsync(HttpMethod.Post, path, json, ct);

    public Task<Reply> PutAsync(string path, byte[] json, CancellationToken ct) => SendAsync(HttpMethod.Put, path, json, ct);

    public Task<Reply> MergePatchAsync(string path, byte[] patch, CancellationToken ct) => SendAsync(HttpMethod.Patch, path, patch, ct, MergePatch);

    private async Task<Reply> SendAsync(HttpMethod method, string path, byte[]? body, CancellationToken ct, MediaTypeHeaderValue? contentType = null,
        string? accept = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body) { Headers = { ContentType = contentType ?? Json } };
        }
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        return new Reply((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync(ct));
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>A response: its status code and body.</summary>
internal readonly record struct Reply(int Status, byte[] Body)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Body);

    /// <summary>A short description for a verification failure.</summary>
    public string Describe() => $"{Status}: {(Text.Length > 300 ? Text[..300] + "…" : Text)}";
}
