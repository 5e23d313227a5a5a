using System.Globalization;

namespace MiniApiServer.Machinery;

/// <summary>
/// apimachinery's util/duration.HumanDuration: a duration in two or three significant figures (<c>70s</c>, <c>3m10s</c>,
/// <c>2d1h</c>, <c>2y1d</c>), as every AGE cell of a server-side table shows it. Go truncates each unit toward zero, as
/// the integer divisions here do; a duration a little below zero (clock skew under two seconds) reads <c>0s</c>.
/// </summary>
internal static class HumanDuration
{
    public static string Format(TimeSpan d)
    {
        var seconds = (long)(d.Ticks / TimeSpan.TicksPerSecond);
        if (seconds < -1)
        {
            return "<invalid>";
        }
        if (seconds < 0)
        {
            return "0s";
        }
        if (seconds < 60 * 2)
        {
            return Text(seconds, "s");
        }
        var minutes = d.Ticks / TimeSpan.TicksPerMinute;
        if (minutes < 10)
        {
            var s = seconds % 60;
            return s == 0 ? Text(minutes, "m") : Text(minutes, "m") + Text(s, "s");
        }
        if (minutes < 60 * 3)
        {
            return Text(minutes, "m");
        }
        var hours = d.Ticks / TimeSpan.TicksPerHour;
        if (hours < 8)
        {
            var m = minutes % 60;
            return m == 0 ? Text(hours, "h") : Text(hours, "h") + Text(m, "m");
        }
        if (hours < 48)
        {
            return Text(hours, "h");
        }
        if (hours < 24 * 8)
        {
            var h = hours % 24;
            return h == 0 ? Text(hours / 24, "d") : Text(hours / 24, "d") + Text(h, "h");
        }
        if (hours < 24 * 365 * 2)
        {
            return Text(hours / 24, "d");
        }
        if (hours < 24 * 365 * 8)
        {
            var days = hours / 24 % 365;
            return days == 0 ? Text(hours / 24 / 365, "y") : Text(hours / 24 / 365, "y") + Text(days, "d");
        }
        return Text(hours / 24 / 365, "y");
    }

    private static string Text(long value, string unit) => value.ToString(CultureInfo.InvariantCulture) + unit;
}
