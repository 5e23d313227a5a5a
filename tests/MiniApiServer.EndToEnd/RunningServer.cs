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

    /// <summary>A namespace of its own for a test: <paramref name="prefix"/> and 8 random hex digits.</summary>
    public static async Task<string> CreateNamespaceAsync(this Kubernetes client, string prefix)
    {
        var name = prefix + "-" + Guid.NewGuid().ToString("N")[..8];
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        return name;
    }

    /// <summary>The Status body of a failed call, as the server sent it.</summary>
    public static V1Status StatusOf(HttpOperationException e) =>
        KubernetesJson.Deserialize<V1Status>(e.Response.Content);
}
