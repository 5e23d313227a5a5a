using LiteDB;
using LiteDB.Engine;

namespace MiniApiServer.Storage.LiteDb;

/// <summary>
/// LiteDB over files we open ourselves: exclusively (FileShare.None takes a lock a second process cannot get,
/// which LiteDB's Direct mode does not), unbuffered, with the log kept at hand so a commit can be fsynced.
/// Ordinal collation keeps keys case-sensitive and the file openable under invariant globalization.
/// </summary>
internal sealed class Database : IDisposable
{
    public const string DataFileName = "miniapiserver.db";
    public const string LogFileName = "miniapiserver-log.db";

    private readonly DurableFileStream _data;
    private readonly DurableFileStream _log;

    private Database(DurableFileStream data, DurableFileStream log, LiteDatabase db)
    {
        _data = data;
        _log = log;
        Db = db;
    }

    public LiteDatabase Db { get; }

    public static Database Open(string directory)
    {
        Directory.CreateDirectory(directory);
        var data = OpenExclusive(Path.Combine(directory, DataFileName), directory);
        DurableFileStream? log = null;
        try
        {
            log = OpenExclusive(Path.Combine(directory, LogFileName), directory);
            var engine = new LiteEngine(new EngineSettings
            {
                DataStream = data,
                LogStream = log,
                Collation = new Collation("/Ordinal"),
            });
            // LiteDB would checkpoint inside whichever commit pushes its log past 1000 pages, stalling every write
            // queued behind it; the writer checkpoints on its own schedule instead (see LiteDbObjectStore).
            var db = new LiteDatabase(engine) { CheckpointSize = 0 };
            return new Database(data, log, db);
        }
        catch
        {
            log?.Dispose();
            data.Dispose();
            throw;
        }
    }

    /// <summary>LiteDB's page size: the log grows by whole pages.</summary>
    private const int PageSize = 8192;

    /// <summary>Pages in LiteDB's log (its write-ahead log) not yet copied into the data file.</summary>
    public long LogPages => _log.Length / PageSize;

    /// <summary>Makes everything LiteDB has committed so far durable: its commits are writes to the log file.</summary>
    public void FlushCommitted() => _log.FlushToDisk();

    public void Dispose()
    {
        Db.Dispose();
        _log.Dispose();
        _data.Dispose();
    }

    private static DurableFileStream OpenExclusive(string path, string directory)
    {
        try
        {
            var handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return new DurableFileStream(new FileStream(handle, FileAccess.ReadWrite, bufferSize: 0));
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new DataDirectoryInUseException(directory, e);
        }
    }
}

/// <summary>Another process holds the data directory; starting would risk corrupting it.</summary>
internal sealed class DataDirectoryInUseException(string directory, Exception inner)
    : Exception($"data directory {Path.GetFullPath(directory)} is in use by another MiniApiServer process ({inner.Message})", inner);
