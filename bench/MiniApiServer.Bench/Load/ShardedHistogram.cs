using HdrHistogram;

namespace MiniApiServer.Bench.Load;

/// <summary>
/// One latency distribution (microseconds) recorded from many concurrent readers: a few lock-guarded HdrHistograms,
/// merged at the end. A histogram per watcher would cost ~150 KB each, 150 MB for a thousand watchers.
/// </summary>
internal sealed class ShardedHistogram
{
    private const long HighestMicros = 120_000_000;

    private readonly LongHistogram[] _shards = Enumerable.Range(0, Environment.ProcessorCount * 4)
        .Select(_ => new LongHistogram(HighestMicros, 3)).ToArray();

    public void Record(int key, long micros)
    {
        var shard = _shards[key % _shards.Length];
        lock (shard)
        {
            shard.RecordValue(Math.Clamp(micros, 0, HighestMicros));
        }
    }

    public LongHistogram Merge()
    {
        var merged = new LongHistogram(HighestMicros, 3);
        foreach (var shard in _shards)
        {
            lock (shard)
            {
                merged.Add(shard);
            }
        }
        return merged;
    }
}
