using MiniApiServer.Machinery;

namespace MiniApiServer.Registry.Tables;

/// <summary>The cell formats printers share (printers.go translateTimestampSince, listWithMoreString; labels.FormatLabels).</summary>
internal static class TableCells
{
    public const string None = "<none>";

    public const string Unknown = "<unknown>";

    /// <summary>An AGE cell: the time since the object's creationTimestamp, rendered when the row is written.</summary>
    public static SinceCell Age(DateTime? creationTimestamp) => new(creationTimestamp);

    /// <summary>translateTimestampSince: the time since <paramref name="time"/> as HumanDuration, <c>&lt;unknown&gt;</c> when unset.</summary>
    public static string Since(DateTime? time, DateTime now) =>
        time is { } t ? HumanDuration.Format(now - ToUtc(t)) : Unknown;

    /// <summary>labels.FormatLabels: <c>k=v</c> pairs sorted by key, joined with commas; none is <c>&lt;none&gt;</c>.</summary>
    public static string Labels(IDictionary<string, string>? labels)
    {
        if (labels is null || labels.Count == 0)
        {
            return None;
        }
        return string.Join(",", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=" + l.Value));
    }

    /// <summary>
    /// The first <paramref name="max"/> of <paramref name="items"/> joined with commas, then <c> + N more...</c> for the
    /// rest (listWithMoreString); nothing at all is <paramref name="empty"/>.
    /// </summary>
    public static string FirstWithMore(IEnumerable<string> items, int max, string empty)
    {
        var shown = new List<string>(max);
        var count = 0;
        foreach (var item in items)
        {
            if (shown.Count < max)
            {
                shown.Add(item);
            }
            count++;
        }
        var joined = string.Join(",", shown);
        if (count > max)
        {
            return $"{joined} + {count - max} more...";
        }
        return joined.Length == 0 ? empty : joined;
    }

    private static DateTime ToUtc(DateTime t) => t.Kind switch
    {
        DateTimeKind.Utc => t,
        DateTimeKind.Unspecified => DateTime.SpecifyKind(t, DateTimeKind.Utc),
        _ => t.ToUniversalTime(),
    };
}
