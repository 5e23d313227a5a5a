using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace MiniApiServer.EndToEnd;

/// <summary>
/// The real built server as a child process: <c>dotnet MiniApiServer.dll --urls http://127.0.0.1:PORT --data-dir DIR</c>.
/// The dll is the copy the ProjectReference puts next to this test assembly, so plain <c>dotnet test</c> from the
/// repository root builds and finds it. Output is captured; dispose kills the process if it still runs.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private ServerProcess(Process process, int port)
    {
        _process = process;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
    }

    private static string ServerDll { get; } = Path.Combine(AppContext.BaseDirectory, "MiniApiServer.dll");

    public Uri BaseAddress { get; }

    public string StandardOutput
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Starts the server and waits until <c>/readyz</c> answers <c>ok</c>.</summary>
    public static async Task<ServerProcess> StartAsync(string dataDirectory, IReadOnlyList<string>? extraArgs = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        // A port picked free can be taken before the server binds it; a new port then fixes it.
        for (var attempt = 1; ; attempt++)
        {
            var server = Launch(dataDirectory, FreePort(), extraArgs, environment);
            try
            {
                await server.WaitReadyAsync();
                return server;
            }
            catch (PortTakenException) when (attempt < 3)
            {
                await server.DisposeAsync();
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Starts the server and waits for it to exit by itself, for start-up failures.</summary>
    public static async Task<(int ExitCode, string StandardOutput, string StandardError)> RunToExitAsync(
        string dataDirectory, IReadOnlyList<string>? extraArgs = null)
    {
        await using var server = Launch(dataDirectory, FreePort(), extraArgs, environment: null);
        var exitCode = await server.WaitForExitAsync(StartTimeout);
        return (exitCode, server.StandardOutput, server.StandardError);
    }

    /// <summary>Graceful stop: SIGTERM, which ASP.NET Core turns into an orderly shutdown. Returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited && kill(_process.Id, Sigterm) != 0)
        {
            throw new InvalidOperationException($"kill(SIGTERM) failed: errno {Marshal.GetLastPInvokeError()}");
        }
        return await WaitForExitAsync(StopTimeout);
    }

    /// <summary>kill -9: no shutdown code runs, as in a crash.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await WaitForExitAsync(StopTimeout);
    }

    private async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            // Also waits for the end of the redirected output, so nothing printed is missed.
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"server did not exit within {timeout}\n{Describe()}");
        }
        return _process.ExitCode;
    }

    private string Describe() => $"stdout:\n{StandardOutput}\nstderr:\n{StandardError}";

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await WaitForExitAsync(StopTimeout);
        _process.Dispose();
    }

    private static ServerProcess Launch(string dataDirectory, int port, IReadOnlyList<string>? extraArgs,
        IReadOnlyDictionary<string, string>? environment)
    {
        if (!File.Exists(ServerDll))
        {
            throw new FileNotFoundException($"the server build is missing next to the tests: {ServerDll}");
        }
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var arg in (string[])[ServerDll, "--urls", $"http://127.0.0.1:{port}", "--data-dir", dataDirectory, .. extraArgs ?? []])
        {
            info.ArgumentList.Add(arg);
        }
        // The test host's own environment (e.g. ASPNETCORE_ENVIRONMENT from a developer shell) must not leak in.
        info.Environment.Remove("ASPNETCORE_URLS");
        info.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        info.Environment.Remove("DOTNET_ENVIRONMENT");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        var process = new Process { StartInfo = info };
        var server = new ServerProcess(process, port);
        process.OutputDataReceived += (_, e) => Append(server._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(server._stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();
        return server;
    }

    private async Task WaitReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                await WaitForExitAsync(StopTimeout);
                if ((StandardOutput + StandardError).Contains("address already in use", StringComparison.OrdinalIgnoreCase))
                {
                    throw new PortTakenException();
                }
                throw new InvalidOperationException($"server exited with {_process.ExitCode} before it was ready\n{Describe()}");
            }
            try
            {
                using var response = await http.GetAsync("/readyz");
                if (response.StatusCode == HttpStatusCode.OK && await response.Content.ReadAsStringAsync() == "ok")
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // A request timed out while the server was still starting.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"server was not ready within {StartTimeout}\n{Describe()}");
    }

    private static void Append(StringBuilder sink, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (sink)
        {
            sink.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private const int Sigterm = 15;

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    private sealed class PortTakenException : Exception;
}
