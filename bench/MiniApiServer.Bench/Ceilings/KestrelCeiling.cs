using MiniApiServer.Bench.Load;
using MiniApiServer.Bench.Processes;
using MiniApiServer.Bench.Report;
using MiniApiServer.Bench.Scenarios;

namespace MiniApiServer.Bench.Ceilings;

/// <summary>
/// The Kestrel ceiling: a minimal ASP.NET Core endpoint hosted inside the bench on 127.0.0.1 that writes the same
/// pre-encoded JSON bytes the get scenario receives, driven by the same load generator at the same concurrency.
/// No API server can answer a GET faster than this on this machine, so get is reported as a ratio to it.
/// </summary>
internal static class KestrelCeiling
{
    /// <summary>
    /// The shortest measurement, also with <c>--quick</c>: the ceiling runs cold (its Kestrel is JIT-compiled and its 64
    /// connections opened during the warm-up), and on a loaded machine half a second could end before any request
    /// was measured.
    /// </summary>
    private static readonly TimeSpan MinimumDuration = TimeSpan.FromSeconds(2);

    public static async Task<CeilingResult> MeasureAsync(BenchContext context, string path, byte[] body, int clients)
    {
        using var step = context.Progress.Begin($"ceiling: Kestrel GET at {clients} clients");
        var port = ChildProcess.FreePort();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        await using var app = builder.Build();
        app.MapGet(path, (HttpContext http) =>
        {
            http.Response.ContentType = "application/json";
            http.Response.ContentLength = body.Length;
            return http.Response.Body.WriteAsync(body).AsTask();
        });
        await app.StartAsync(context.Cancellation);
        try
        {
            using var client = new LoadClient(new Uri($"http://127.0.0.1:{port}"), clients);
            var duration = context.Options.Duration < MinimumDuration ? MinimumDuration : context.Options.Duration;
            var load = await LoadGenerator.RunForAsync(clients, duration, async (_, _, ct) =>
            {
                var reply = UnexpectedAnswerException.Expect(await client.GetAsync(path, ct), 200, "Kestrel GET");
                return reply.Body.Length == body.Length;
            }, step.Report, context.Cancellation);
            return load.Failures > 0
                ? new CeilingResult("Kestrel GET (same bytes)", $"{clients} clients", clients, NotApplicable: $"failed: {load.FirstFailure}")
                : new CeilingResult("Kestrel GET (same bytes)", $"{clients} clients", clients, load.Throughput, "req/s",
                    load.PercentileMs(50), load.PercentileMs(99), load.BenchCpuPercent);
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
        }
    }
}
