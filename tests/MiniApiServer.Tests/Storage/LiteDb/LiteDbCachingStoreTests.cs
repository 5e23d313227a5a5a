using MiniApiServer.Storage;
using MiniApiServer.Storage.LiteDb;

namespace MiniApiServer.Tests.Storage.LiteDb;

/// <summary>The caching store's contract over the LiteDB backend.</summary>
public sealed class LiteDbCachingStoreTests : CachingStoreContract
{
    private readonly LiteDbDataDirectory _dir = new();

    private protected override IStorageBackend OpenBackend(int retainedChanges) => _dir.Open(retainedChanges);

    public override void Dispose()
    {
        base.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void A_second_store_on_the_same_directory_is_refused()
    {
        Open();
        var e = Assert.Throws<DataDirectoryInUseException>(() => Open());
        Assert.Contains("in use by another MiniApiServer process", e.Message, StringComparison.Ordinal);
    }
}
