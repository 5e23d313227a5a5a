using MiniApiServer.Machinery;

namespace MiniApiServer.Tests.Machinery;

public sealed class GoDurationTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("300ms", 3_000_000)]
    [InlineData("1h2m3s", 37_230_000_000)]
    [InlineData("-1.5h", -54_000_000_000)]
    [InlineData("2us", 20)]
    [InlineData("1000ns", 10)]
    public void Durations_parse_as_go_parses_them(string text, long ticks)
    {
        Assert.True(GoDuration.TryParse(text, out var d, out _));
        Assert.Equal(TimeSpan.FromTicks(ticks), d);
    }

    [Theory]
    [InlineData("", "time: invalid duration \"\"")]
    [InlineData("-", "time: invalid duration \"-\"")]
    [InlineData(".s", "time: invalid duration \".s\"")]
    [InlineData("10", "time: missing unit in duration \"10\"")]
    [InlineData("3w", "time: unknown unit \"w\" in duration \"3w\"")]
    public void Bad_durations_are_refused_with_gos_words(string text, string error)
    {
        Assert.False(GoDuration.TryParse(text, out _, out var message));
        Assert.Equal(error, message);
    }
}
