using Microsoft.Extensions.Logging.Abstractions;
using MiniApiServer.Storage;
using MiniApiServer.Storage.LiteDb;

namespace MiniApiServer.Tests.Storage.LiteDb;

/// <summary>The caching store's contract over the LiteDB backend.</summary>
public sealed class LiteDbCachingStoreTests : CachingStoreContract
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "miniapiserver-store-tests", Guid.NewGuid().ToString("N"));

    private protected override IStorageBackend OpenBackend(int retainedChanges) =>
        LiteDbBackend.Open(_dir, retainedChanges, NullLogger<LiteDbBackend>.Instance);

    public override void Dispose()
    {
        base.Dispose();
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public void A_second_store_on_the_same_directory_is_refused()
    {
        Open();
        var e = Assert.Throws<DataDirectoryInUseException>(() => Open());
        Assert.Contains("in use by another MiniApiServer process", e.Message, StringComparison.Ordinal);
    }
}
