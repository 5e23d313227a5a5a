using k8s;
using k8s.Autorest;
using k8s.Models;

namespace MiniApiServer.EndToEnd;

/// <summary>One server process shared by the tests of a class (xunit class fixture), with its own data directory.</summary>
public sealed class RunningServer : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private ServerProcess? _server;

    internal ServerProcess Server => _server ?? throw new InvalidOperationException("the server has not started");

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync(_data.Path);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        _data.Dispose();
    }
}

/// <summary>The official C# client, as a user of the server would build it.</summary>
internal static class Client
{
    public static Kubernetes For(ServerProcess server) =>
        new(new KubernetesClientConfiguration { Host = server.BaseAddress.ToString() });

    /// <summary>The Status body of a failed call, as the server sent it.</summary>
    public static V1Status StatusOf(HttpOperationException e) =>
        KubernetesJson.Deserialize<V1Status>(e.Response.Content);
}
