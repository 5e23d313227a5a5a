namespace MiniApiServer.EndToEnd;

/// <summary>Polling for what the server's controllers and pod simulator do asynchronously, with one patience for all.</summary>
internal static class Eventually
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Polls until <paramref name="probe"/> gives a value, and returns it; fails after <see cref="Patience"/>.</summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T?>> probe, string what) where T : class
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }
            Assert.True(DateTime.UtcNow < deadline, $"timed out after {Patience.TotalSeconds} s waiting for {what}");
            await Task.Delay(100);
        }
    }

    /// <summary>Polls until <paramref name="probe"/> is true; fails after <see cref="Patience"/>.</summary>
    public static Task TrueAsync(Func<Task<bool>> probe, string what) =>
        ValueAsync(async () => await probe() ? "" : null, what);
}
