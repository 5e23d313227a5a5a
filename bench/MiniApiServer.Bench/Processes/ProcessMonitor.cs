using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace MiniApiServer.Bench.Processes;

/// <summary>
/// Samples another process from /proc while a scenario runs: VmRSS from <c>/proc/PID/status</c> (peak and end) and
/// utime+stime from <c>/proc/PID/stat</c>, turned into the CPU it used as a percentage of one core.
/// </summary>
internal sealed class ProcessMonitor : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private static readonly long TicksPerSecond = sysconf(ScClkTck);

    private readonly int _pid;
    private readonly long _startCpuTicks;
    private readonly long _startTimestamp = Stopwatch.GetTimestamp();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private long _peakRssKb;

    private ProcessMonitor(int pid)
    {
        _pid = pid;
        _startCpuTicks = CpuTicks(pid);
        _peakRssKb = RssKb(pid);
        _sampling = SampleAsync();
    }

    /// <summary>Starts sampling, or returns null when the bench does not own the server (<c>--server</c>).</summary>
    public static ProcessMonitor? Begin(int? pid) => pid is { } p ? new ProcessMonitor(p) : null;

    /// <summary>Stops sampling: RSS now and at its peak, and the CPU used since <see cref="Begin"/>.</summary>
    public async Task<ServerUsage> EndAsync()
    {
        var cpuTicks = CpuTicks(_pid) - _startCpuTicks;
        var wall = Stopwatch.GetElapsedTime(_startTimestamp);
        var endKb = RssKb(_pid);
        await _stop.CancelAsync();
        await _sampling;
        var peakKb = Math.Max(Interlocked.Read(ref _peakRssKb), endKb);
        return new ServerUsage(peakKb / 1024.0, endKb / 1024.0, 100.0 * cpuTicks / TicksPerSecond / wall.TotalSeconds);
    }

    public static double RssMb(int pid) => RssKb(pid) / 1024.0;

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                var kb = RssKb(_pid);
                if (kb > Interlocked.Read(ref _peakRssKb))
                {
                    Interlocked.Exchange(ref _peakRssKb, kb);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Ended by EndAsync.
        }
    }

    private static long RssKb(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmRSS:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
            }
        }
        return 0;
    }

    /// <summary>utime + stime (fields 14 and 15 of proc(5) stat), counted after the parenthesised command name.</summary>
    private static long CpuTicks(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }

    private const int ScClkTck = 2;

    [DllImport("libc")]
    private static extern long sysconf(int name);
}

/// <summary>What the server used during a scenario: RSS in MB (peak, end) and CPU as % of one core.</summary>
internal sealed record ServerUsage(double RssPeakMb, double RssEndMb, double CpuPercentOfOneCore);
