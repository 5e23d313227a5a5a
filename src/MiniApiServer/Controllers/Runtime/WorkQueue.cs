namespace MiniApiServer.Controllers.Runtime;

/// <summary>
/// client-go's rate-limited work queue (util/workqueue): a key added many times before a worker takes it is processed
/// once, a key is never processed by two workers at once (one added while it is processed is queued again when that
/// processing is done), and failed keys come back after a per-key exponential delay. This is what coalesces a burst of
/// changes to one Service into one sync.
/// </summary>
internal sealed class WorkQueue<TKey> : IDisposable where TKey : notnull
{
    // workqueue.DefaultControllerRateLimiter's per-item part: 5 ms doubling, capped at 1000 s.
    private static readonly TimeSpan BaseDelay = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(1000);

    private readonly object _gate = new();
    private readonly Queue<TKey> _queue = new();
    private readonly HashSet<TKey> _dirty = [];
    private readonly HashSet<TKey> _processing = [];
    private readonly Dictionary<TKey, int> _failures = [];
    private readonly SemaphoreSlim _ready = new(0);
    private readonly CancellationTokenSource _shutdown = new();
    private readonly TimeProvider _time;

    public WorkQueue(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Keys waiting to be processed (not counting those being processed).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    public void Add(TKey key)
    {
        lock (_gate)
        {
            if (_shutdown.IsCancellationRequested || !_dirty.Add(key))
            {
                return;
            }
            if (_processing.Contains(key))
            {
                // Done puts it back: one worker per key at a time.
                return;
            }
            _queue.Enqueue(key);
        }
        _ready.Release();
    }

    /// <summary>Adds <paramref name="key"/> once <paramref name="delay"/> has passed (at once when it is zero).</summary>
    public void AddAfter(TKey key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }
        _ = AddLaterAsync(key, delay);
    }

    /// <summary>Adds a key that failed, after 5 ms doubling with each failure since it last succeeded.</summary>
    public void AddRateLimited(TKey key)
    {
        int failures;
        lock (_gate)
        {
            failures = _failures[key] = _failures.GetValueOrDefault(key) + 1;
        }
        var delay = BaseDelay * Math.Pow(2, Math.Min(failures - 1, 30));
        AddAfter(key, delay < MaxDelay ? delay : MaxDelay);
    }

    /// <summary>How often the key has failed since it last succeeded.</summary>
    public int NumRequeues(TKey key)
    {
        lock (_gate)
        {
            return _failures.GetValueOrDefault(key);
        }
    }

    /// <summary>The key succeeded (or was given up): its back-off starts again.</summary>
    public void Forget(TKey key)
    {
        lock (_gate)
        {
            _failures.Remove(key);
        }
    }

    /// <summary>The next key to process; the caller must call <see cref="Done"/> with it. Cancelled when the queue shuts down.</summary>
    public async ValueTask<TKey> GetAsync(CancellationToken ct)
    {
        using var both = CancellationTokenSource.CreateLinkedTokenSource(ct, _shutdown.Token);
        while (true)
        {
            await _ready.WaitAsync(both.Token);
            lock (_gate)
            {
                if (_queue.TryDequeue(out var key))
                {
                    _dirty.Remove(key);
                    _processing.Add(key);
                    return key;
                }
            }
        }
    }

    public void Done(TKey key)
    {
        lock (_gate)
        {
            _processing.Remove(key);
            if (!_dirty.Contains(key))
            {
                return;
            }
            _queue.Enqueue(key);
        }
        _ready.Release();
    }

    /// <summary>Stops handing out keys; waiting workers are cancelled.</summary>
    public void ShutDown() => _shutdown.Cancel();

    public void Dispose()
    {
        _shutdown.Cancel();
        _shutdown.Dispose();
        _ready.Dispose();
    }

    private async Task AddLaterAsync(TKey key, TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, _time, _shutdown.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (ObjectDisposedException)
        {
            return;
        }
        Add(key);
    }
}
