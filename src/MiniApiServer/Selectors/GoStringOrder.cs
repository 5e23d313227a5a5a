namespace MiniApiServer.Selectors;

/// <summary>
/// Go's string order (<c>sort.Strings</c>): byte-wise over UTF-8, which is code point order. UTF-16 ordinal order
/// differs only between surrogates (U+10000 and up) and U+E000–U+FFFF, so those two ranges are swapped.
/// </summary>
internal sealed class GoStringOrder : IComparer<string>
{
    public static GoStringOrder Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }
        var n = Math.Min(x.Length, y.Length);
        for (var i = 0; i < n; i++)
        {
            if (x[i] != y[i])
            {
                return Weight(x[i]) - Weight(y[i]);
            }
        }
        return x.Length - y.Length;
    }

    private static int Weight(char c) => c >= 0xE000 ? c - 0x800 : c >= 0xD800 ? c + 0x2000 : c;
}
