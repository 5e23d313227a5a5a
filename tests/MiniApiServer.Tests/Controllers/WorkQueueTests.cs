using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Tests.Controllers;

/// <summary>client-go workqueue semantics: dedup while waiting, one worker per key, requeue after processing, back-off.</summary>
public sealed class WorkQueueTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_key_added_many_times_before_it_is_taken_is_processed_once()
    {
        using var queue = new WorkQueue<string>();
        for (var i = 0; i < 100; i++)
        {
            queue.Add("a");
        }
        queue.Add("b");
        Assert.Equal(2, queue.Count);
        Assert.Equal("a", await queue.GetAsync(None));
        Assert.Equal("b", await queue.GetAsync(None));
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task A_key_added_while_it_is_processed_comes_back_only_after_done()
    {
        using var queue = new WorkQueue<string>();
        queue.Add("a");
        var key = await queue.GetAsync(None);
        queue.Add("a");
        queue.Add("a");
        Assert.Equal(0, queue.Count);
        var second = queue.GetAsync(None).AsTask();
        await Task.Delay(50);
        Assert.False(second.IsCompleted);
        queue.Done(key);
        Assert.Equal("a", await second.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Failures_back_off_exponentially_and_forget_resets()
    {
        using var queue = new WorkQueue<string>();
        queue.AddRateLimited("a");
        queue.AddRateLimited("a");
        Assert.Equal(2, queue.NumRequeues("a"));
        Assert.Equal("a", await queue.GetAsync(None).AsTask().WaitAsync(TimeSpan.FromSeconds(5)));
        queue.Forget("a");
        Assert.Equal(0, queue.NumRequeues("a"));
    }

    [Fact]
    public async Task Shut_down_releases_waiting_workers()
    {
        using var queue = new WorkQueue<string>();
        var waiting = queue.GetAsync(None).AsTask();
        queue.ShutDown();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }
}
