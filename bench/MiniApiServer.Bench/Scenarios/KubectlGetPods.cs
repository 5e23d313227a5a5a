using System.Diagnostics;

namespace MiniApiServer.Bench.Scenarios;

/// <summary>
/// What a person waits for: the wall time of the real <c>kubectl get pods -A</c> (discovery, then Table LISTs of 500
/// rows following <c>continue</c>, then printing) with the dataset's pods, the median of a few runs, each with a fresh
/// cache directory and no kubeconfig, as kubectl-wire.md §1.2 says a first run sends. A note, not a timed target:
/// kubectl's own start-up and printing are most of it.
/// </summary>
internal static class KubectlGetPods
{
    public const int Pods = 10_000;

    private const int Runs = 3;

    public static async Task RunAsync(BenchContext context)
    {
        if (FindOnPath("kubectl") is not { } kubectl)
        {
            context.Notes.Add("table: kubectl is not on PATH, so `kubectl get pods -A` was not timed.");
            return;
        }
        await context.Data.EnsurePodsAsync(Math.Min(Pods, context.Options.Sizes.Pods));
        using var step = context.Progress.Begin($"table: kubectl get pods -A, {Runs} runs");
        var scratch = Directory.CreateTempSubdirectory("bench-kubectl-");
        try
        {
            var kubeconfig = Path.Combine(scratch.FullName, "kubeconfig");
            await File.WriteAllTextAsync(kubeconfig, "", context.Cancellation);
            var times = new List<double>();
            var rows = 0;
            for (var i = 0; i < Runs; i++)
            {
                var (elapsed, lines) = await TimeAsync(kubectl, context.Server.BaseAddress, kubeconfig, Path.Combine(scratch.FullName, "cache-" + i), context.Cancellation);
                times.Add(elapsed.TotalSeconds);
                rows = lines - 1;
                step.Report((i + 1.0) / Runs);
            }
            times.Sort();
            context.Notes.Add($"table: `kubectl get pods -A` printing {rows:N0} pods took {times[Runs / 2]:N2} s (median of {Runs} runs, fresh cache each: {string.Join(", ", times.Select(t => t.ToString("N2", System.Globalization.CultureInfo.InvariantCulture)))} s).");
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    private static async Task<(TimeSpan Elapsed, int Lines)> TimeAsync(string kubectl, Uri server, string kubeconfig, string cacheDir, CancellationToken ct)
    {
        var start = new ProcessStartInfo(kubectl)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "get", "pods", "-A", "--kubeconfig", kubeconfig, "--server", server.ToString().TrimEnd('/'), "--cache-dir", cacheDir })
        {
            start.ArgumentList.Add(arg);
        }
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start");
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var errors = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        var elapsed = watch.Elapsed;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"kubectl get pods -A exited {process.ExitCode}: {await errors}");
        }
        return (elapsed, (await output).Count(c => c == '\n'));
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
