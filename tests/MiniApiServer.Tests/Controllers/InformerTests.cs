using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MiniApiServer.Controllers.Runtime;
using MiniApiServer.Machinery;
using MiniApiServer.Registry;
using static MiniApiServer.Tests.Controllers.ControllerKit;

namespace MiniApiServer.Tests.Controllers;

/// <summary>The shared informer over the real registry: list then watch, and a relist that tells the difference.</summary>
public sealed class InformerTests
{
    /// <summary>Records what handlers are told; can hold the informer inside its first add.</summary>
    private sealed class Recorder(bool holdFirstAdd) : IInformerHandler<V1Service>
    {
        private readonly SemaphoreSlim _release = new(0);
        private int _adds;

        public List<string> Seen { get; } = [];

        public TaskCompletionSource Holding { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _release.Release();

        public void OnAdd(V1Service obj)
        {
            Record("add " + obj.Metadata.Name);
            if (holdFirstAdd && Interlocked.Increment(ref _adds) == 1)
            {
                Holding.TrySetResult();
                _release.Wait(TimeSpan.FromSeconds(30));
            }
        }

        public void OnUpdate(V1Service old, V1Service current) =>
            Record($"update {current.Metadata.Name} {Version(old)}->{Version(current)}");

        private static string? Version(V1Service service) => service.Metadata.Labels is { } labels && labels.TryGetValue("v", out var v) ? v : null;

        public void OnDelete(V1Service obj) => Record("delete " + obj.Metadata.Name);

        public bool Saw(string what)
        {
            lock (Seen)
            {
                return Seen.Contains(what);
            }
        }

        private void Record(string what)
        {
            lock (Seen)
            {
                Seen.Add(what);
            }
        }
    }

    private static string Service(string name, string v = "1") =>
        $$$"""{"metadata":{"name":"{{{name}}}","labels":{"v":"{{{v}}}"}},"spec":{"ports":[{"port":80}]}}""";

    private static (Informer<V1Service> Informer, Recorder Recorder) NewInformer(ApiServer server, bool holdFirstAdd)
    {
        var registry = server.Services.GetRequiredService<GenericRegistry>();
        var informer = new Informer<V1Service>(registry, registry.Catalog.Get(new GroupResource("", "services")), NullLogger.Instance);
        var recorder = new Recorder(holdFirstAdd);
        informer.AddHandler(recorder);
        return (informer, recorder);
    }

    private static async Task Until(Func<bool> condition, string what) =>
        await Registry.KindApi.Eventually(() => Task.FromResult(condition()), Patience, what);

    [Fact]
    public async Task It_lists_then_follows_every_change()
    {
        await using var server = ApiServer.Start(settings: new Dictionary<string, string> { ["controllers"] = "namespace" });
        await CreateService(server, Service("a"));
        var (informer, recorder) = NewInformer(server, holdFirstAdd: false);
        using var stop = new CancellationTokenSource();
        var running = informer.RunAsync(stop.Token);
        await informer.Synced.WaitAsync(Patience);
        Assert.NotNull(informer.Get("default", "a"));

        await CreateService(server, Service("b"));
        await HttpAssert.Json(await server.PatchAsync(ServicesPath() + "/a", """{"metadata":{"labels":{"v":"2"}}}"""), 200);
        await HttpAssert.Json(await server.DeleteAsync(ServicesPath() + "/b"), 200);
        await Until(() => recorder.Saw("delete b"), "the delete of b");
        lock (recorder.Seen)
        {
            Assert.Equal(["add kubernetes", "add a", "add b", "update a 1->2", "delete b"],
                recorder.Seen.Where(s => !s.StartsWith("add kubernetes", StringComparison.Ordinal)).Prepend("add kubernetes").Distinct());
        }
        Assert.Equal("2", informer.Get("default", "a")!.Metadata.Labels["v"]);
        Assert.Null(informer.Get("default", "b"));
        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task When_its_start_is_no_longer_retained_it_lists_again_and_tells_the_difference()
    {
        // Ten changes of history: a watch that falls further behind cannot resume and gets 410.
        await using var server = ApiServer.Start(settings: new Dictionary<string, string> { ["controllers"] = "namespace", ["watch-history-events"] = "10" });
        await CreateService(server, Service("gone"));
        await CreateService(server, Service("changed"));
        var (informer, recorder) = NewInformer(server, holdFirstAdd: true);
        using var stop = new CancellationTokenSource();
        var running = Task.Run(() => informer.RunAsync(stop.Token));

        // Held inside the first list's handlers, before its watch starts: everything now is after that list.
        await recorder.Holding.Task.WaitAsync(Patience);
        await HttpAssert.Json(await server.DeleteAsync(ServicesPath() + "/gone"), 200);
        await HttpAssert.Json(await server.PatchAsync(ServicesPath() + "/changed", """{"metadata":{"labels":{"v":"2"}}}"""), 200);
        for (var i = 0; i < 15; i++)
        {
            await CreateService(server, Service($"new-{i}"));
        }
        recorder.Release();

        await Until(() => recorder.Saw("add new-14"), "the relist's adds");
        Assert.True(recorder.Saw("delete gone"), string.Join(", ", recorder.Seen));
        Assert.True(recorder.Saw("update changed 1->2"), string.Join(", ", recorder.Seen));
        Assert.Null(informer.Get("default", "gone"));
        Assert.Equal(17, informer.List("default").Count);
        await stop.CancelAsync();
        await running;
    }
}
