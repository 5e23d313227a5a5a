using System.Globalization;

namespace MiniApiServer.Machinery;

/// <summary>
/// Go's time.ParseDuration, as flags of type duration are read: a sequence of decimal numbers, each with an optional
/// fraction and a unit (<c>ns</c>, <c>us</c>/<c>µs</c>, <c>ms</c>, <c>s</c>, <c>m</c>, <c>h</c>), optionally signed:
/// <c>1h</c>, <c>90m</c>, <c>1h30m</c>, <c>1.5s</c>; <c>0</c> alone needs no unit. Errors read as Go's.
/// </summary>
internal static class GoDuration
{
    private static readonly (string Unit, decimal Ticks)[] Units =
    [
        ("ns", 0.01m), ("us", 10m), ("µs", 10m), ("μs", 10m), ("ms", TimeSpan.TicksPerMillisecond),
        ("s", TimeSpan.TicksPerSecond), ("m", TimeSpan.TicksPerMinute), ("h", TimeSpan.TicksPerHour),
    ];

    public static bool TryParse(string text, out TimeSpan duration, out string error)
    {
        duration = TimeSpan.Zero;
        error = $"time: invalid duration {GoValue.Quote(text)}";
        var s = text;
        var negative = false;
        if (s.Length > 0 && s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        if (s == "0")
        {
            return true;
        }
        if (s.Length == 0)
        {
            return false;
        }
        decimal ticks = 0;
        while (s.Length > 0)
        {
            var i = 0;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }
            var number = s[..i];
            if (number.Length == 0 || number == "." || number.Count(c => c == '.') > 1
                || !decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                return false;
            }
            s = s[i..];
            var u = 0;
            while (u < s.Length && !char.IsAsciiDigit(s[u]) && s[u] != '.')
            {
                u++;
            }
            var unit = s[..u];
            if (unit.Length == 0)
            {
                error = $"time: missing unit in duration {GoValue.Quote(text)}";
                return false;
            }
            var match = Units.FirstOrDefault(x => x.Unit == unit);
            if (match.Unit is null)
            {
                error = $"time: unknown unit {GoValue.Quote(unit)} in duration {GoValue.Quote(text)}";
                return false;
            }
            ticks += value * match.Ticks;
            s = s[u..];
        }
        if (ticks > TimeSpan.MaxValue.Ticks)
        {
            return false;
        }
        duration = TimeSpan.FromTicks((long)(negative ? -ticks : ticks));
        return true;
    }
}
