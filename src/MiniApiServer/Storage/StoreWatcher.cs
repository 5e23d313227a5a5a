using System.Threading.Channels;

namespace MiniApiServer.Storage;

/// <summary>
/// One watcher's feed of committed events for one resource (and namespace): a bounded queue filled on the writer
/// thread after each commit. A watcher that falls behind by more than the queue holds is cut off (its queue is
/// completed and <see cref="Overflowed"/> set), never waited for: writers and other watchers are not slowed.
/// </summary>
internal sealed class StoreWatcher : IDisposable
{
    private readonly Channel<StoreEvent> _queue;
    private readonly IDisposable _subscription;

    public StoreWatcher(IObjectStore store, string resource, string? ns, int capacity)
    {
        _queue = Channel.CreateBounded<StoreEvent>(new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true });
        _subscription = store.Subscribe(events =>
        {
            foreach (var e in events)
            {
                if (e.Object.Resource != resource || (ns is not null && e.Object.Namespace != ns))
                {
                    continue;
                }
                if (!_queue.Writer.TryWrite(e))
                {
                    Overflowed = true;
                    _queue.Writer.TryComplete();
                    return;
                }
            }
        });
    }

    public ChannelReader<StoreEvent> Events => _queue.Reader;

    public bool Overflowed { get; private set; }

    public void Dispose()
    {
        _subscription.Dispose();
        _queue.Writer.TryComplete();
    }
}
