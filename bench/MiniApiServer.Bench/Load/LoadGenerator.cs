using System.Diagnostics;
using HdrHistogram;

namespace MiniApiServer.Bench.Load;

/// <summary>
/// One request (or a few) of a client; returns false or throws <see cref="UnexpectedAnswerException"/> when the
/// answer was not the expected one.
/// </summary>
internal delegate Task<bool> Operation(int client, long seq, CancellationToken ct);

/// <summary>
/// A closed-loop load generator: N client loops, each awaiting its own operation before starting the next. Latency
/// goes into an HdrHistogram per client (microseconds, merged at the end), so percentiles come from the full
/// distribution rather than from a sorted sample.
/// </summary>
internal static class LoadGenerator
{
    private const long HighestMicros = 120_000_000;

    /// <summary>Runs for a time; the first fifth (at most 2 s) warms up and is not counted.</summary>
    public static Task<LoadResult> RunForAsync(int clients, TimeSpan duration, Operation operation, Action<double>? progress, CancellationToken ct)
    {
        var warmup = TimeSpan.FromTicks(Math.Min(duration.Ticks / 5, TimeSpan.FromSeconds(2).Ticks));
        return RunAsync(clients, warmup, duration, total: null, operation, progress, ct);
    }

    /// <summary>Runs a fixed number of operations, each counted (seq 0..total-1 is shared by all clients).</summary>
    public static Task<LoadResult> RunCountAsync(int clients, long total, Operation operation, Action<double>? progress, CancellationToken ct) =>
        RunAsync(clients, TimeSpan.Zero, TimeSpan.Zero, total, operation, progress, ct);

    private static async Task<LoadResult> RunAsync(int clients, TimeSpan warmup, TimeSpan duration, long? total, Operation operation,
        Action<double>? progress, CancellationToken ct)
    {
        var state = new RunState();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var end = measureFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var histograms = Enumerable.Range(0, clients).Select(_ => new LongHistogram(HighestMicros, 3)).ToArray();
        long next = -1;

        async Task Client(int client)
        {
            var histogram = histograms[client];
            for (long own = 0; ; own++)
            {
                long seq;
                if (total is { } t)
                {
                    seq = Interlocked.Increment(ref next);
                    if (seq >= t)
                    {
                        return;
                    }
                }
                else
                {
                    seq = own;
                }
                var before = Stopwatch.GetTimestamp();
                if (total is null && before >= end)
                {
                    return;
                }
                var ok = await Invoke(operation, client, seq, state, ct);
                var after = Stopwatch.GetTimestamp();
                // A wrong answer fails the scenario even during warm-up; only measured operations count toward throughput.
                state.Count(ok, measured: before >= measureFrom);
                if (before >= measureFrom)
                {
                    histogram.RecordValue(Math.Max(1, (after - before) * 1_000_000 / Stopwatch.Frequency));
                }
            }
        }

        using var ticker = new CancellationTokenSource();
        var reporting = Report(progress, () => total is { } t
            ? Math.Min(1, Interlocked.Read(ref next) / (double)t)
            : Math.Clamp(Stopwatch.GetElapsedTime(start).TotalSeconds / (warmup + duration).TotalSeconds, 0, 1), ticker.Token);
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(() => Client(c), ct)));
        var stopped = Stopwatch.GetTimestamp();
        await ticker.CancelAsync();
        await reporting;
        progress?.Invoke(1);

        var wall = Stopwatch.GetElapsedTime(start, stopped);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var latency = new LongHistogram(HighestMicros, 3);
        foreach (var h in histograms)
        {
            latency.Add(h);
        }
        var measured = total is null ? Stopwatch.GetElapsedTime(measureFrom, stopped) : wall;
        return new LoadResult(state.Operations, state.Failures, state.FirstFailure, measured, latency,
            100.0 * cpu.TotalSeconds / wall.TotalSeconds / Environment.ProcessorCount);
    }

    private static async Task<bool> Invoke(Operation operation, int client, long seq, RunState state, CancellationToken ct)
    {
        try
        {
            return await operation(client, seq, ct);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or UnexpectedAnswerException
            || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            state.Fail(e.Message);
            return false;
        }
    }

    private static async Task Report(Action<double>? progress, Func<double> fraction, CancellationToken ct)
    {
        if (progress is null)
        {
            return;
        }
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                progress(fraction());
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended.
        }
    }

    private sealed class RunState
    {
        private long _operations;
        private long _failures;

        public long Operations => Interlocked.Read(ref _operations);

        public long Failures => Interlocked.Read(ref _failures);

        public string? FirstFailure { get; private set; }

        public void Count(bool ok, bool measured)
        {
            if (measured)
            {
                Interlocked.Increment(ref _operations);
            }
            if (!ok)
            {
                Interlocked.Increment(ref _failures);
            }
        }

        public void Fail(string message)
        {
            lock (this)
            {
                FirstFailure ??= message;
            }
        }
    }
}

/// <summary>What a load run measured; latency in microseconds.</summary>
internal sealed record LoadResult(long Operations, long Failures, string? FirstFailure, TimeSpan Elapsed, LongHistogram Latency, double BenchCpuPercent)
{
    public double Throughput => Operations / Elapsed.TotalSeconds;

    public double PercentileMs(double percentile) => Latency.PercentileMs(percentile);

    public double MaxMs => Latency.GetMaxValue() / 1000.0;
}
