using System.Diagnostics;
using HdrHistogram;
using MiniApiServer.Bench.Report;
using MiniApiServer.Bench.Scenarios;

namespace MiniApiServer.Bench.Ceilings;

/// <summary>
/// The disk ceiling: one writer appending ~1 KB records to a file on the data directory's filesystem and fsyncing
/// (<c>Flush(true)</c>) after each record, and after each group of 64. A durable create costs at least one
/// fsync, so without group commit creates/s cannot exceed the first; group commit can approach the second.
/// </summary>
internal static class DiskCeiling
{
    public const int GroupSize = 64;

    public static async Task<IReadOnlyList<CeilingResult>> MeasureAsync(BenchContext context, string directory, byte[] record)
    {
        var results = new List<CeilingResult>();
        foreach (var group in new[] { 1, GroupSize })
        {
            using var step = context.Progress.Begin($"ceiling: fsync'd appends, {group} record(s) per fsync");
            var duration = context.Options.Duration / 2;
            results.Add(await Task.Run(() => Measure(directory, record, group, duration, step.Report, context.Cancellation)));
        }
        return results;
    }

    private static CeilingResult Measure(string directory, byte[] record, int group, TimeSpan duration, Action<double> progress, CancellationToken ct)
    {
        var path = Path.Combine(directory, $"fsync-ceiling-{Guid.NewGuid():N}.tmp");
        var latency = new LongHistogram(60_000_000, 3);
        try
        {
            using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
            for (var i = 0; i < 20; i++)
            {
                Commit(file, record, group);
            }
            long records = 0;
            var start = Stopwatch.GetTimestamp();
            while (Stopwatch.GetElapsedTime(start) < duration && !ct.IsCancellationRequested)
            {
                var before = Stopwatch.GetTimestamp();
                Commit(file, record, group);
                latency.RecordValue(Math.Max(1, Stopwatch.GetElapsedTime(before).Ticks / 10));
                records += group;
                progress(Stopwatch.GetElapsedTime(start) / duration);
            }
            var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            return new CeilingResult(group == 1 ? "fsync'd 1 KB append, single writer" : $"fsync'd 1 KB appends, {group}-record groups",
                $"{record.Length} B records", 1, records / seconds, "records/s",
                latency.GetValueAtPercentile(50) / 1000.0, latency.GetValueAtPercentile(99) / 1000.0);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void Commit(FileStream file, byte[] record, int group)
    {
        for (var i = 0; i < group; i++)
        {
            file.Write(record);
        }
        file.Flush(flushToDisk: true);
    }
}
