namespace MiniApiServer.Storage;

internal static class StoreFreshness
{
    /// <summary>How long a read asking for a revision the store has not reached waits for it (cacher waitUntilFreshAndBlock).</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(3);

    /// <summary>The current state once it has reached <paramref name="revision"/>, or after <see cref="Limit"/> whatever it is.</summary>
    public static async Task<StoreSnapshot> WaitForRevisionAsync(this IObjectStore store, long revision, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (store.Current.Revision < revision && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, ct);
        }
        return store.Current;
    }
}
