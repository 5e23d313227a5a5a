using Microsoft.Extensions.Logging.Abstractions;
using MiniApiServer.Storage;
using MiniApiServer.Storage.LiteDb;

namespace MiniApiServer.Tests.Storage.LiteDb;

/// <summary>A temporary data directory for the LiteDB backend, opened as often as a test restarts it, deleted at the end.</summary>
internal sealed class LiteDbDataDirectory : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "miniapiserver-store-tests", Guid.NewGuid().ToString("N"));

    public IStorageBackend Open(int retainedChanges) => LiteDbBackend.Open(Path, retainedChanges, NullLogger<LiteDbBackend>.Instance);

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
