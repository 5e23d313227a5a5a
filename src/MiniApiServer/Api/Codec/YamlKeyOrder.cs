using System.Text;

namespace MiniApiServer.Api.Codec;

/// <summary>
/// gopkg.in/yaml.v2 sorter.go keyList.Less for string keys: letters by code point, a non-letter before a letter,
/// runs of digits by their numeric value (so <c>a2</c> sorts before <c>a10</c>), a prefix before longer text.
/// </summary>
internal sealed class YamlKeyOrder : IComparer<string>
{
    public static readonly YamlKeyOrder Instance = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }
        var a = (x ?? "").EnumerateRunes().ToArray();
        var b = (y ?? "").EnumerateRunes().ToArray();
        return Less(a, b) ? -1 : Less(b, a) ? 1 : 0;
    }

    private static bool Less(Rune[] a, Rune[] b)
    {
        for (var i = 0; i < a.Length && i < b.Length; i++)
        {
            if (a[i] == b[i])
            {
                continue;
            }
            var aLetter = Rune.IsLetter(a[i]);
            var bLetter = Rune.IsLetter(b[i]);
            if (aLetter && bLetter)
            {
                return a[i] < b[i];
            }
            if (aLetter || bLetter)
            {
                return bLetter;
            }
            long an = 0, bn = 0;
            if (a[i].Value == '0' || b[i].Value == '0')
            {
                for (var j = i - 1; j >= 0 && Rune.IsDigit(a[j]); j--)
                {
                    if (a[j].Value != '0')
                    {
                        an = 1;
                        bn = 1;
                        break;
                    }
                }
            }
            int ai, bi;
            for (ai = i; ai < a.Length && Rune.IsDigit(a[ai]); ai++)
            {
                an = unchecked(an * 10 + (a[ai].Value - '0'));
            }
            for (bi = i; bi < b.Length && Rune.IsDigit(b[bi]); bi++)
            {
                bn = unchecked(bn * 10 + (b[bi].Value - '0'));
            }
            if (an != bn)
            {
                return an < bn;
            }
            if (ai != bi)
            {
                return ai < bi;
            }
            return a[i] < b[i];
        }
        return a.Length < b.Length;
    }
}
