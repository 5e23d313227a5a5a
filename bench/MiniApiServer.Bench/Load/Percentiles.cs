using HdrHistogram;

namespace MiniApiServer.Bench.Load;

internal static class Percentiles
{
    /// <summary>
    /// A percentile in milliseconds of a histogram of microseconds; 0 when nothing was recorded (HdrHistogram throws
    /// then). A quick run on a starved machine can end before any request is measured.
    /// </summary>
    public static double PercentileMs(this LongHistogram histogram, double percentile) =>
        histogram.TotalCount == 0 ? 0 : histogram.GetValueAtPercentile(percentile) / 1000.0;
}
