namespace MiniApiServer.Allocation;

/// <summary>
/// The outcome of allocating a requested value. A taken or out-of-range request is an ordinary client error, so it is
/// returned rather than thrown; <see cref="ThrowIfFailed"/> turns it into an <see cref="AllocationException"/> when the
/// caller prefers that.
/// </summary>
internal readonly record struct AllocationResult
{
    private readonly string? message;

    private AllocationResult(AllocationErrorKind kind, string message)
    {
        ErrorKind = kind;
        this.message = message;
    }

    public static AllocationResult Success => default;

    /// <summary>Null when the allocation succeeded.</summary>
    public AllocationErrorKind? ErrorKind { get; }

    /// <summary>Upstream's error text; empty on success.</summary>
    public string Message => message ?? "";

    public bool Succeeded => ErrorKind is null;

    public static AllocationResult Failed(AllocationErrorKind kind, string message) => new(kind, message);

    public void ThrowIfFailed()
    {
        if (ErrorKind is { } kind)
        {
            throw new AllocationException(kind, Message);
        }
    }
}
