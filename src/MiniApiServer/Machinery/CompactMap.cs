using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace MiniApiServer.Machinery;

/// <summary>
/// A small read-only string map kept as one array, for the labels and fields held next to every stored object:
/// a Dictionary costs several hundred bytes more per object for the handful of entries these maps have, and
/// lookups over ten entries are as fast by scan. Values are interned through a bounded pool, because field
/// values repeat across objects ("Running", "Always", "default-scheduler", "false").
/// </summary>
internal sealed class CompactMap : IReadOnlyDictionary<string, string>
{
    private const int MaxPooledLength = 64;
    private const int MaxPoolSize = 100_000;
    private static readonly ConcurrentDictionary<string, string> Pool = new(StringComparer.Ordinal);

    /// <summary>Entries added to the pool (ConcurrentDictionary.Count takes every lock, so it is counted here).</summary>
    private static int _pooled;

    private readonly KeyValuePair<string, string>[] _entries;

    public CompactMap(IEnumerable<KeyValuePair<string, string>> entries)
    {
        // An object's own name is unique: pooling it would only fill the pool.
        _entries = [.. entries.Select(e => new KeyValuePair<string, string>(Intern(e.Key), e.Key == "metadata.name" ? e.Value : Intern(e.Value)))];
    }

    public static CompactMap Empty { get; } = new([]);

    public int Count => _entries.Length;

    public string this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public IEnumerable<string> Keys => _entries.Select(e => e.Key);

    public IEnumerable<string> Values => _entries.Select(e => e.Value);

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        foreach (var entry in _entries)
        {
            if (string.Equals(entry.Key, key, StringComparison.Ordinal))
            {
                value = entry.Value;
                return true;
            }
        }
        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, string>>)_entries).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Shares equal short strings between objects; the pool stops growing at its bound.</summary>
    private static string Intern(string s)
    {
        if (s.Length > MaxPooledLength)
        {
            return s;
        }
        if (Pool.TryGetValue(s, out var pooled))
        {
            return pooled;
        }
        if (Volatile.Read(ref _pooled) >= MaxPoolSize)
        {
            return s;
        }
        var added = Pool.GetOrAdd(s, s);
        if (ReferenceEquals(added, s))
        {
            Interlocked.Increment(ref _pooled);
        }
        return added;
    }
}
