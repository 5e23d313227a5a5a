using System.Diagnostics;
using System.Net;

namespace MiniApiServer.Bench.Processes;

/// <summary>
/// The server under test: either a child process the bench started from the build next to it
/// (<c>dotnet MiniApiServer.dll --urls http://127.0.0.1:PORT --data-dir DIR</c>), or one given with <c>--server</c>
/// that the bench only talks to (then its RSS and CPU are unknown and it cannot be restarted).
/// </summary>
internal sealed class BenchServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly IReadOnlyList<string> _flags;
    private ChildProcess? _process;

    private BenchServer(Uri baseAddress, string? dataDirectory, ChildProcess? process, IReadOnlyList<string>? flags = null)
    {
        BaseAddress = baseAddress;
        DataDirectory = dataDirectory;
        _process = process;
        _flags = flags ?? [];
    }

    public Uri BaseAddress { get; private set; }

    /// <summary>The data directory of a server the bench started; null for <c>--server</c>.</summary>
    public string? DataDirectory { get; }

    public int? ProcessId => _process?.Id;

    public bool Owned => DataDirectory is not null;

    /// <summary>Time from the last process start to the first <c>/readyz</c> answering <c>ok</c>.</summary>
    public TimeSpan LastStartToReady { get; private set; }

    private static string ServerDll { get; } = Path.Combine(AppContext.BaseDirectory, "MiniApiServer.dll");

    public static BenchServer Attach(Uri server) => new(server, null, null);

    /// <summary>Starts a server on a data directory; <paramref name="flags"/> are added to its command line (kept on a restart).</summary>
    public static async Task<BenchServer> StartAsync(string dataDirectory, CancellationToken ct, IReadOnlyList<string>? flags = null)
    {
        var server = new BenchServer(new Uri("http://127.0.0.1"), dataDirectory, null, flags);
        await server.LaunchAsync(ct);
        return server;
    }

    /// <summary>Stops the server gracefully and starts it again on the same data directory (and a new port).</summary>
    public async Task RestartAsync(CancellationToken ct)
    {
        await StopAsync();
        await LaunchAsync(ct);
    }

    public async Task StopAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            await process.StopAsync(StopTimeout);
            await process.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            await process.DisposeAsync();
        }
    }

    private async Task LaunchAsync(CancellationToken ct)
    {
        if (!File.Exists(ServerDll))
        {
            throw new FileNotFoundException($"the server build is missing next to the bench: {ServerDll}");
        }
        var port = ChildProcess.FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        var started = Stopwatch.GetTimestamp();
        _process = ChildProcess.Start("dotnet", [ServerDll, "--urls", BaseAddress.ToString().TrimEnd('/'), "--data-dir", DataDirectory!, .. _flags],
            new Dictionary<string, string?>
            {
                // The bench's own environment must not redirect or reconfigure the server.
                ["ASPNETCORE_URLS"] = null,
                ["ASPNETCORE_ENVIRONMENT"] = null,
                ["DOTNET_ENVIRONMENT"] = null,
            });
        LastStartToReady = await WaitReadyAsync(_process, BaseAddress, started, ct);
    }

    /// <summary>Polls <c>/readyz</c> every few milliseconds, so the start-up time is not rounded up by the poll.</summary>
    private static async Task<TimeSpan> WaitReadyAsync(ChildProcess process, Uri baseAddress, long started, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        while (Stopwatch.GetElapsedTime(started) < StartTimeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the server exited before it was ready:\n{process.Tail}");
            }
            try
            {
                using var response = await http.GetAsync("/readyz", ct);
                if (response.StatusCode == HttpStatusCode.OK && await response.Content.ReadAsStringAsync(ct) == "ok")
                {
                    return Stopwatch.GetElapsedTime(started);
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // A probe timed out while the server was still loading.
            }
            await Task.Delay(5, ct);
        }
        throw new TimeoutException($"the server was not ready within {StartTimeout}:\n{process.Tail}");
    }
}
