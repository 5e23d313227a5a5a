namespace MiniApiServer.Allocation;

/// <summary>Why an allocation failed; the Registry maps these to Status errors (422 for the first two, 500 for a full range).</summary>
internal enum AllocationErrorKind
{
    NotInRange,
    AlreadyAllocated,
    RangeFull,
}

/// <summary>
/// A failed allocation, carrying kube-apiserver's message (ipallocator/interfaces.go, portallocator/allocator.go)
/// so the caller can wrap it exactly as upstream does ("failed to allocate IP …: " + message).
/// </summary>
internal sealed class AllocationException(AllocationErrorKind kind, string message) : Exception(message)
{
    public AllocationErrorKind Kind { get; } = kind;

    /// <summary>Upstream's ErrFull, shared by both allocators.</summary>
    internal static AllocationException RangeFull() => new(AllocationErrorKind.RangeFull, "range is full");
}
