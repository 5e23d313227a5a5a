using MiniApiServer.Storage;
using MiniApiServer.Storage.LiteDb;

namespace MiniApiServer.Tests.Storage.LiteDb;

/// <summary>The backend contract on LiteDB, and what only the embedded database has: the exclusive data directory and its log.</summary>
public sealed class LiteDbBackendTests : StorageBackendContract
{
    private readonly LiteDbDataDirectory _dir = new();

    private protected override IStorageBackend OpenBackend(int retainedChanges) => _dir.Open(retainedChanges);

    public override void Dispose()
    {
        base.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void A_second_open_of_the_same_directory_is_refused()
    {
        Open();
        var e = Assert.Throws<DataDirectoryInUseException>(() => OpenBackend(1000));
        Assert.Contains("in use by another MiniApiServer process", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_log_is_checkpointed_when_idle_so_it_stays_bounded()
    {
        var backend = Open();
        backend.Load();
        for (var i = 0; i < 1500; i++)
        {
            backend.Commit([Write(WriteKind.Create, "default", "s" + i, body: new string('x', 1000))]);
            backend.Maintain(idle: true);
        }
        // Each single-write commit appends several 8 KiB pages; without checkpoints 1500 of them would leave a log of
        // thousands of pages. Maintain checkpoints whenever it is idle past 1000 pages (measured while open: closing
        // checkpoints anyway).
        var log = new FileInfo(Path.Combine(_dir.Path, Database.LogFileName));
        Assert.True(log.Length <= 1010L * 8192, $"log is {log.Length} bytes");
        Assert.True(log.Length > 0);
    }

    [Fact]
    public void Under_load_the_log_is_checkpointed_past_its_bound_but_not_before()
    {
        var backend = Open();
        backend.Load();
        for (var i = 0; i < 1500; i++)
        {
            backend.Commit([Write(WriteKind.Create, "default", "s" + i, body: new string('x', 1000))]);
            backend.Maintain(idle: false);
        }
        var log = new FileInfo(Path.Combine(_dir.Path, Database.LogFileName));
        Assert.True(log.Length > 1010L * 8192, $"log is {log.Length} bytes: checkpointed while writes were waiting");
        Assert.True(log.Length <= 8200L * 8192, $"log is {log.Length} bytes");
    }
}
