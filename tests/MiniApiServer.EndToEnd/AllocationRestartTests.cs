using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace MiniApiServer.EndToEnd;

/// <summary>The cluster IP allocator after a kill -9 in the middle of creates: exactly the stored Services' IPs are held.</summary>
public sealed class AllocationRestartTests(ITestOutputHelper output)
{
    private const string Range = "10.0.0.0/24"; // 254 usable addresses
    private const int Usable = 254;
    private const string Services = "/api/v1/namespaces/default/services";

    private static StringContent Svc(string name) =>
        new("{\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{\"ports\":[{\"port\":80}]}}", Encoding.UTF8, "application/json");

    [Fact]
    public async Task After_kill_9_during_creates_the_allocator_holds_exactly_the_stored_IPs()
    {
        using var data = new TempDirectory();
        string[] args = ["--service-cluster-ip-range", Range];
        await using (var first = await ServerProcess.StartAsync(data.Path, args))
        {
            using var http = new HttpClient { BaseAddress = first.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
            var created = 0;
            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested && i < 25; i++)
                {
                    try
                    {
                        using var response = await http.PostAsync(Services, Svc($"w{w}-{i}"));
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            Interlocked.Increment(ref created);
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        return;
                    }
                }
            })).ToList();
            while (Volatile.Read(ref created) < 60)
            {
                await Task.Delay(5);
            }
            await first.KillAsync();
            await stop.CancelAsync();
            await Task.WhenAll(writers);
        }

        await using var second = await ServerProcess.StartAsync(data.Path, args);
        using var again = new HttpClient { BaseAddress = second.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var list = JsonNode.Parse(await again.GetStringAsync(Services))!;
        var held = list["items"]!.AsArray().Select(i => (string)i!["spec"]!["clusterIP"]!).ToList();
        Assert.Equal(held.Count, held.Distinct().Count());

        // Fill the range: exactly the addresses no stored Service holds can still be allocated, none of them twice.
        var fresh = new ConcurrentBag<string>();
        for (var i = 0; ; i++)
        {
            using var response = await again.PostAsync(Services, Svc($"fill-{i}"));
            if (response.StatusCode != HttpStatusCode.Created)
            {
                Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
                Assert.Contains("range is full", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
                break;
            }
            fresh.Add((string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["spec"]!["clusterIP"]!);
        }
        output.WriteLine($"{held.Count} IPs held after the kill, {fresh.Count} more allocated until full");
        Assert.Empty(fresh.Intersect(held));
        Assert.Equal(Usable, held.Count + fresh.Count);
    }
}
