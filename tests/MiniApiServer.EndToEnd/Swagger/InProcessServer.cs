using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MiniApiServer.EndToEnd.Swagger;

/// <summary>
/// The whole server in-process on a real Kestrel socket (127.0.0.1, a free port) with its own data directory,
/// deleted on dispose; a browser can reach it like any client.
/// </summary>
internal sealed class InProcessServer : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;
    private readonly string _dataDirectory;

    private InProcessServer(WebApplicationFactory<Program> factory, string dataDirectory)
    {
        _factory = factory;
        _dataDirectory = dataDirectory;
        using var client = factory.CreateClient();
        BaseAddress = client.BaseAddress!;
    }

    public Uri BaseAddress { get; }

    public static InProcessServer Start()
    {
        var dir = Path.Combine(Path.GetTempPath(), "miniapiserver-e2e", Guid.NewGuid().ToString("N"));
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("data-dir", dir);
            b.UseSetting("urls", "http://127.0.0.1:0");
        });
        factory.UseKestrel(0);
        factory.StartServer();
        return new InProcessServer(factory, dir);
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the temp directory is cleaned by the OS eventually.
        }
    }
}
