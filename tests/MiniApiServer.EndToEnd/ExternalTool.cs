using System.Diagnostics;
using System.Text;

namespace MiniApiServer.EndToEnd;

/// <summary>An outside program the tests drive (kubectl, docker-compose), run with a timeout and its output captured.</summary>
internal static class ExternalTool
{
    /// <summary>CI sets CI=true; there a missing tool is a failure, never a skip.</summary>
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    /// <summary>The tool's full path; fails the test with the reason when it is not on PATH.</summary>
    public static string Require(string name) =>
        Find(name) ?? throw new InvalidOperationException(
            $"{name} is not on PATH; .ci/run installs what the tests need (kubectl comes with the machine)");

    public static async Task<ToolResult> RunAsync(string path, IEnumerable<string> args, TimeSpan timeout,
        string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        using var process = new Process { StartInfo = info };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => AppendLine(stdout, e.Data);
        process.ErrorDataReceived += (_, e) => AppendLine(stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            throw new TimeoutException($"{Path.GetFileName(path)} {string.Join(' ', info.ArgumentList)} did not finish within {timeout}\n"
                + $"stdout:\n{Read(stdout)}\nstderr:\n{Read(stderr)}");
        }
        return new ToolResult(process.ExitCode, Read(stdout), Read(stderr));
    }

    private static void AppendLine(StringBuilder sink, string? line)
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

    private static string Read(StringBuilder sink)
    {
        lock (sink)
        {
            return sink.ToString();
        }
    }
}

internal sealed record ToolResult(int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}";
}

/// <summary>
/// A test that needs an outside program. Outside CI a missing program skips the test with the reason; in CI
/// (CI=true) the test runs and fails, because CI must exercise it.
/// </summary>
internal sealed class ToolFactAttribute : FactAttribute
{
    public ToolFactAttribute(string tool)
    {
        if (!ExternalTool.InCi && ExternalTool.Find(tool) is null)
        {
            Skip = $"{tool} is not on PATH (in CI, CI=true, this test fails instead)";
        }
    }
}
