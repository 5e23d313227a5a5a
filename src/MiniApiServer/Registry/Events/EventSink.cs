using k8s;
using k8s.Models;
using MiniApiServer.Machinery;

namespace MiniApiServer.Registry.Events;

/// <summary>
/// Writes the recorded Events through the registry, in process, as client-go's broadcaster writes them to its sink
/// (tools/record/event.go recordToSink and events_cache.go EventLogger): a core/v1 Event identical to one written before
/// (same source, object, type, reason and message) bumps that Event's count and lastTimestamp instead of making another,
/// and is created again if the first is gone (expired); an events.k8s.io Event is created through that version, so it
/// is validated as one. A write that fails is logged and dropped: Events are best effort.
/// </summary>
internal sealed partial class EventSink(GenericRegistry registry, EventRecorder recorder, ILogger<EventSink> logger) : BackgroundService
{
    /// <summary>client-go's maxLruCacheEntries: how many distinct Events are remembered for aggregation.</summary>
    private const int MaxRemembered = 4096;

    private static readonly GroupResource CoreEvents = GroupResource.Core("events");
    private static readonly GroupResource EventsV1 = new("events.k8s.io", "events");

    private readonly Dictionary<string, Corev1Event> _seen = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var core = registry.Catalog.Get(CoreEvents);
        var events = registry.Catalog.Get(EventsV1);
        try
        {
            await foreach (var pending in recorder.Pending.ReadAllAsync(stoppingToken))
            {
                try
                {
                    if (pending is Corev1Event legacy)
                    {
                        await WriteAsync(core, legacy, stoppingToken);
                    }
                    else
                    {
                        await registry.CreateAsync(events, pending.Metadata.NamespaceProperty, new DecodedObject(pending, null), new WriteOptions(), stoppingToken);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogDropped(e, pending.Metadata.NamespaceProperty, pending.Metadata.Name);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is still queued is not written, as a process's broadcaster loses it too.
        }
    }

    private async Task WriteAsync(KindRegistration core, Corev1Event e, CancellationToken ct)
    {
        var key = Key(e);
        if (_seen.TryGetValue(key, out var previous))
        {
            e.Metadata.Name = previous.Metadata.Name;
            e.FirstTimestamp = previous.FirstTimestamp;
            e.Count = (previous.Count ?? 1) + 1;
            try
            {
                await registry.UpdateAsync(core, e.Metadata.NamespaceProperty, e.Metadata.Name, current =>
                {
                    var latest = (Corev1Event)ObjectCodec.Decode(current ?? throw ApiException.NotFound(CoreEvents, e.Metadata.Name), typeof(Corev1Event));
                    latest.Count = e.Count;
                    latest.LastTimestamp = e.LastTimestamp;
                    latest.Message = e.Message;
                    return new DecodedObject(latest, null);
                }, Subresource.None, new WriteOptions(), ct);
                _seen[key] = e;
                return;
            }
            catch (ApiException ae) when (ae.Code == 404)
            {
                // Expired or deleted: made again, with the count it has reached.
            }
        }
        await registry.CreateAsync(core, e.Metadata.NamespaceProperty, new DecodedObject(e, null), new WriteOptions(), ct);
        if (_seen.Count >= MaxRemembered)
        {
            _seen.Clear();
        }
        _seen[key] = e;
    }

    /// <summary>getEventKey: what makes two Events the same one.</summary>
    private static string Key(Corev1Event e)
    {
        var o = e.InvolvedObject;
        return string.Join("\u0000", e.Source?.Component, e.Source?.Host, o.Kind, o.NamespaceProperty, o.Name, o.FieldPath, o.Uid, o.ApiVersion,
            e.Type, e.Reason, e.Message);
    }

    [LoggerMessage(EventId = 460, Level = LogLevel.Warning, Message = "Event {Namespace}/{Name} was not written and is dropped")]
    private partial void LogDropped(Exception e, string @namespace, string name);
}
