using MiniApiServer.Machinery;

namespace MiniApiServer.Tests.Machinery;

/// <summary>The cases of apimachinery's pkg/util/duration/duration_test.go (a Go nanosecond is a 100 ns tick here).</summary>
public sealed class HumanDurationTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);
    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan S = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan M = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan H = TimeSpan.FromHours(1);
    private static readonly TimeSpan Day = TimeSpan.FromHours(24);
    private static readonly TimeSpan Year = 365 * Day;

    public static TheoryData<TimeSpan, string> Cases => new()
    {
        { S, "1s" },
        { 70 * S, "70s" },
        { 190 * S, "3m10s" },
        { 70 * M, "70m" },
        { 47 * H, "47h" },
        { 49 * H, "2d1h" },
        { (8 * 24 + 2) * H, "8d" },
        { 367 * 24 * H, "367d" },
        { (365 * 2 * 24 + 25) * H, "2y1d" },
        { (365 * 8 * 24 + 2) * H, "8y" },
    };

    public static TheoryData<TimeSpan, string> Boundaries => new()
    {
        { -2 * S, "<invalid>" },
        { -2 * S + Tick, "0s" },
        { TimeSpan.Zero, "0s" },
        { S - Ms, "0s" },
        { 2 * M - Ms, "119s" },
        { 2 * M, "2m" },
        { 2 * M + S, "2m1s" },
        { 10 * M - Ms, "9m59s" },
        { 10 * M, "10m" },
        { 10 * M + S, "10m" },
        { 3 * H - Ms, "179m" },
        { 3 * H, "3h" },
        { 3 * H + M, "3h1m" },
        { 8 * H - Ms, "7h59m" },
        { 8 * H, "8h" },
        { 8 * H + 59 * M, "8h" },
        { 2 * Day - Ms, "47h" },
        { 2 * Day, "2d" },
        { 2 * Day + H, "2d1h" },
        { 8 * Day - Ms, "7d23h" },
        { 8 * Day, "8d" },
        { 8 * Day + 23 * H, "8d" },
        { 2 * Year - Ms, "729d" },
        { 2 * Year, "2y" },
        { 2 * Year + 23 * H, "2y" },
        { 2 * Year + 23 * H + 59 * M, "2y" },
        { 2 * Year + Day - Ms, "2y" },
        { 2 * Year + Day, "2y1d" },
        { 3 * Year, "3y" },
        { 4 * Year, "4y" },
        { 5 * Year, "5y" },
        { 6 * Year, "6y" },
        { 7 * Year, "7y" },
        { 8 * Year - Ms, "7y364d" },
        { 8 * Year, "8y" },
        { 8 * Year + 364 * Day, "8y" },
        { 9 * Year, "9y" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Durations_read_as_upstream(TimeSpan d, string expected) => Assert.Equal(expected, HumanDuration.Format(d));

    [Theory]
    [MemberData(nameof(Boundaries))]
    public void Unit_boundaries_fall_where_upstream_puts_them(TimeSpan d, string expected) => Assert.Equal(expected, HumanDuration.Format(d));
}
