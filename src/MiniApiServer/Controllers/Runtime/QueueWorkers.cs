namespace MiniApiServer.Controllers.Runtime;

/// <summary>
/// The worker loop of every controller (processNextWorkItem + handleErr): take a key, sync it, forget it on success, put
/// it back rate-limited on failure up to <c>maxRetries</c> times, then drop it with a log.
/// </summary>
internal static class QueueWorkers
{
    public static Task RunAsync<TKey>(WorkQueue<TKey> queue, int workers, Func<TKey, CancellationToken, Task> sync, int maxRetries,
        Action<Exception, TKey, bool> failed, CancellationToken ct) where TKey : notnull =>
        Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(() => WorkAsync(queue, sync, maxRetries, failed, ct), ct)));

    private static async Task WorkAsync<TKey>(WorkQueue<TKey> queue, Func<TKey, CancellationToken, Task> sync, int maxRetries,
        Action<Exception, TKey, bool> failed, CancellationToken ct) where TKey : notnull
    {
        while (!ct.IsCancellationRequested)
        {
            TKey key;
            try
            {
                key = await queue.GetAsync(ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            try
            {
                await sync(key, ct);
                queue.Forget(key);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                var retry = queue.NumRequeues(key) < maxRetries;
                failed(e, key, retry);
                if (retry)
                {
                    queue.AddRateLimited(key);
                }
                else
                {
                    queue.Forget(key);
                }
            }
            finally
            {
                queue.Done(key);
            }
        }
    }
}
