using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MiniApiServer.Storage;

namespace MiniApiServer.Tests.Api.Watch;

/// <summary>Many watchers at once, and a stuck watcher that must be cut off without slowing writers or other watchers.</summary>
public sealed class WatchLoadTests
{
    private const string Ns = "/api/v1/namespaces/w/services";

    [Fact]
    public async Task Hundred_concurrent_watchers_each_receive_every_event_in_order()
    {
        await using var server = ApiServer.Start();
        await server.CreateNamespaceAsync("w");
        var from = server.Revision();
        var watchers = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => WatchStream.OpenAsync(server, $"{Ns}?watch=true&resourceVersion={from}")));
        try
        {
            for (var i = 0; i < 20; i++)
            {
                await server.CreateAsync(Ns, Manifests.Service("s" + i));
            }
            var expected = Enumerable.Range(0, 20).Select(i => "ADDED s" + i).ToList();
            var received = await Task.WhenAll(watchers.Select(w => w.TakeAsync(20)));
            Assert.All(received, events => Assert.Equal(expected, events.Select(e => e.Summary())));
        }
        finally
        {
            foreach (var w in watchers)
            {
                await w.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_watcher_that_never_reads_is_cut_off_while_writes_and_other_watchers_go_on()
    {
        const int Writers = 8;
        const int PerWriter = 1_750; // 14,000 events: more than a watcher's queue (10,000) plus what the sockets buffer
        // Big events, so the kernel's and Kestrel's buffers (a few MB) hold only a few hundred of them.
        var padding = "{\"padding\":\"" + new string('x', 4096) + "\"}";
        await using var server = ApiServer.Start();
        await server.CreateNamespaceAsync("w");
        for (var i = 0; i < Writers; i++)
        {
            await server.CreateAsync(Ns, Manifests.Service("s" + i).Replace("\"labels\":{}", "\"labels\":{},\"annotations\":" + padding, StringComparison.Ordinal));
        }
        var from = server.Revision();
        using var stuck = await StuckWatcher.OpenAsync(server.BaseAddress, $"{Ns}?watch=true&resourceVersion={from}");
        await using var healthy = await WatchStream.OpenAsync(server, $"{Ns}?watch=true&resourceVersion={from}");

        var clock = Stopwatch.StartNew();
        var received = Task.Run(() => healthy.TakeAsync(Writers * PerWriter));
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < PerWriter; i++)
            {
                var response = await server.PatchAsync($"{Ns}/s{w}", "{\"metadata\":{\"labels\":{\"n\":\"" + i + "\"}}}");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        })));
        var writesTook = clock.Elapsed;
        var events = await received;
        Assert.Equal(Writers * PerWriter, events.Count);
        Assert.Equal(events.Select(e => e.EventRv()).Order(), events.Select(e => e.EventRv()));
        Assert.Equal(server.Revision(), events[^1].EventRv());

        // The stuck watcher's stream was ended by the server: once it reads, it gets what was buffered plus its full
        // queue, then the end of the response, short of the last events (it would re-watch from its last version).
        var stuckEvents = await stuck.ReadUntilEndAsync(TimeSpan.FromSeconds(30));
        Assert.InRange(stuckEvents, 10_000, Writers * PerWriter - 1);
        Assert.True(writesTook < TimeSpan.FromSeconds(60), $"writes took {writesTook}");
    }

    [Fact]
    public async Task Version_older_than_the_retained_history_is_a_single_410_ERROR_event_in_a_200_stream()
    {
        const int Writers = 8;
        const int PerWriter = 2_550; // 20,400 changes: more than the 20,000 events of history kept
        await using var server = ApiServer.Start();
        await server.CreateNamespaceAsync("w");
        for (var i = 0; i < Writers; i++)
        {
            await server.CreateAsync(Ns, Manifests.Service("s" + i));
        }
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < PerWriter; i++)
            {
                var response = await server.PatchAsync($"{Ns}/s{w}", "{\"metadata\":{\"labels\":{\"n\":\"" + i + "\"}}}");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        })));
        var oldest = server.Services.GetRequiredService<CachingStore>().OldestRevision;
        Assert.True(oldest > 1);

        await using var watch = await WatchStream.OpenAsync(server, Ns + "?watch=true&resourceVersion=1");
        Assert.Equal(HttpStatusCode.OK, watch.Response.StatusCode);
        var events = await watch.ReadToEndAsync();
        var error = Assert.Single(events);
        Assert.Equal("ERROR", error.Type());
        var expected = JsonNode.Parse(
            $$"""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 1 ({{oldest}})","reason":"Expired","code":410}""");
        Assert.True(JsonNode.DeepEquals(expected, error.Object()), error.Object().ToJsonString());
    }

    /// <summary>A raw HTTP/1.1 watch with a tiny receive buffer that reads nothing after the headers until asked.</summary>
    private sealed class StuckWatcher : IDisposable
    {
        private readonly Socket _socket;

        private StuckWatcher(Socket socket) => _socket = socket;

        public static async Task<StuckWatcher> OpenAsync(Uri server, string pathAndQuery)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await socket.ConnectAsync(IPAddress.Loopback, server.Port, cts.Token);
            await socket.SendAsync(Encoding.ASCII.GetBytes($"GET {pathAndQuery} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n"), cts.Token);
            // Wait for the status line: the server subscribes the watcher before it sends the headers.
            var buffer = new byte[64];
            var n = await socket.ReceiveAsync(buffer, cts.Token);
            Assert.StartsWith("HTTP/1.1 200", Encoding.ASCII.GetString(buffer, 0, n));
            return new StuckWatcher(socket);
        }

        /// <summary>Reads until the final chunk of the response and returns how many events it held (roughly: lines with a type).</summary>
        public async Task<int> ReadUntilEndAsync(TimeSpan timeout)
        {
            using var cts = new CancellationTokenSource(timeout);
            var buffer = new byte[1 << 16];
            var count = 0;
            var tail = "";
            while (true)
            {
                int n;
                try
                {
                    n = await _socket.ReceiveAsync(buffer, cts.Token);
                }
                catch (OperationCanceledException)
                {
                    throw new TimeoutException($"the stream did not end within {timeout}; {count} events read");
                }
                Assert.True(n > 0, "the connection closed before the final chunk");
                var text = tail + Encoding.UTF8.GetString(buffer, 0, n);
                count += Occurrences(text, "{\"type\":") - Occurrences(tail, "{\"type\":");
                if (text.EndsWith("\r\n0\r\n\r\n", StringComparison.Ordinal))
                {
                    return count;
                }
                tail = text[Math.Max(0, text.Length - 16)..];
            }
        }

        private static int Occurrences(string text, string part)
        {
            var count = 0;
            for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal))
            {
                count++;
            }
            return count;
        }

        public void Dispose() => _socket.Dispose();
    }
}
