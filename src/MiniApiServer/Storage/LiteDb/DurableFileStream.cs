namespace MiniApiServer.Storage.LiteDb;

/// <summary>
/// A file stream whose <see cref="Flush()"/> reaches the device. LiteDB calls Flush on the data file only when
/// it checkpoints, and truncates its log right after, so that flush must be an fsync or a crash could lose
/// checkpointed pages (../shared/reference/dotnet-stack.md §4).
/// </summary>
internal sealed class DurableFileStream(FileStream inner) : Stream
{
    public FileStream Inner { get; } = inner;

    public override bool CanRead => Inner.CanRead;
    public override bool CanSeek => Inner.CanSeek;
    public override bool CanWrite => Inner.CanWrite;
    public override long Length => Inner.Length;

    public override long Position
    {
        get => Inner.Position;
        set => Inner.Position = value;
    }

    public override void Flush() => Inner.Flush(flushToDisk: true);

    public override int Read(byte[] buffer, int offset, int count) => Inner.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => Inner.Read(buffer);

    public override long Seek(long offset, SeekOrigin origin) => Inner.Seek(offset, origin);

    public override void SetLength(long value) => Inner.SetLength(value);

    public override void Write(byte[] buffer, int offset, int count) => Inner.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => Inner.Write(buffer);

    /// <summary>fsync: everything written so far is on the device.</summary>
    public void FlushToDisk() => Inner.Flush(flushToDisk: true);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
