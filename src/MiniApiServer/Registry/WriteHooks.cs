using MiniApiServer.Machinery;

namespace MiniApiServer.Registry;

/// <summary>
/// Side effects a kind needs around a write, taken before validation and undone if the write does not happen
/// (kube-apiserver's BeginCreate/BeginUpdate store hooks): e.g. allocating a Service's cluster IPs and node ports.
/// Attached to its kind by the kind's registration.
/// </summary>
internal interface IWriteHook
{
    /// <summary>
    /// Derives the hook's state from the kind's stored objects: once at start-up, before any write (derived state is
    /// derived, so there is no second truth to drift).
    /// </summary>
    void Rebuild(IEnumerable<object> stored);

    /// <summary>Reserve what a new object needs; may fill fields of <paramref name="obj"/>. Null when nothing was taken.</summary>
    WriteReservation? BeginCreate(object obj, bool dryRun);

    /// <summary>Reserve what an update needs; what the old object held and the new one no longer needs is released on commit.</summary>
    WriteReservation? BeginUpdate(object obj, object old, bool dryRun);
}

/// <summary>What a hook took for one write: committed once the write is stored, reverted otherwise (exactly one of the two).</summary>
internal sealed class WriteReservation(Action revert, Action commit)
{
    private int _done;

    public void Commit()
    {
        if (Interlocked.Exchange(ref _done, 1) == 0)
        {
            commit();
        }
    }

    public void Revert()
    {
        if (Interlocked.Exchange(ref _done, 1) == 0)
        {
            revert();
        }
    }
}

/// <summary>The reservations of every hook of a kind for one write attempt.</summary>
internal sealed class WriteReservations
{
    private readonly List<WriteReservation> _taken = [];

    public static WriteReservations BeginCreate(IEnumerable<IWriteHook> hooks, object obj, bool dryRun) =>
        Begin(hooks, h => h.BeginCreate(obj, dryRun));

    public static WriteReservations BeginUpdate(IEnumerable<IWriteHook> hooks, object obj, object old, bool dryRun) =>
        Begin(hooks, h => h.BeginUpdate(obj, old, dryRun));

    public void Commit() => _taken.ForEach(r => r.Commit());

    public void Revert() => _taken.ForEach(r => r.Revert());

    private static WriteReservations Begin(IEnumerable<IWriteHook> hooks, Func<IWriteHook, WriteReservation?> begin)
    {
        var all = new WriteReservations();
        try
        {
            foreach (var hook in hooks)
            {
                if (begin(hook) is { } r)
                {
                    all._taken.Add(r);
                }
            }
            return all;
        }
        catch
        {
            all.Revert();
            throw;
        }
    }
}

/// <summary>Work that follows a successful (non-dry-run) removal of the kind's object, like the service registry's afterDelete.</summary>
internal interface IDeleteHook
{
    Task AfterDeleteAsync(GenericRegistry registry, DeletedObject deleted, CancellationToken ct);
}

/// <summary>Which object was removed, and its last state.</summary>
internal sealed record DeletedObject(string Namespace, string Name, byte[] LastJson);

/// <summary>A kind with a <c>finalize</c> subresource (namespaces: only spec.finalizers may change through it).</summary>
internal interface IFinalizeStrategy
{
    void PrepareForFinalize(object obj, object old);

    IReadOnlyList<FieldError> ValidateFinalize(object obj, object old);
}

/// <summary>
/// A kind with a <c>binding</c> subresource (pods: pkg/registry/core/pod/storage/storage.go BindingREST). A Binding is
/// checked on its own, then applied to the current object, which the generic update path writes: no strategy of the
/// kind runs on it, as upstream's BindingREST writes through GuaranteedUpdate directly.
/// </summary>
internal interface IBindingStrategy
{
    /// <summary>Checks of the Binding alone, before the object is read (validation.ValidatePodBinding).</summary>
    IReadOnlyList<FieldError> Validate(object binding);

    /// <summary>
    /// Assigns <paramref name="obj"/> as <paramref name="binding"/> says, at <paramref name="now"/>; or returns why it
    /// cannot be assigned, which is answered as a conflict on the subresource.
    /// </summary>
    string? Bind(object obj, object binding, DateTime now);
}

/// <summary>
/// A kind whose DELETE takes its own first step before the generic one (the namespace REST's Delete,
/// pkg/registry/core/namespace/storage/storage.go): it may refuse, mark the object, and keep it.
/// </summary>
internal interface IDeleteStrategy
{
    /// <summary>
    /// Checks the kind's own preconditions (throwing its Status), and says what happens to <paramref name="obj"/>, which
    /// it may change (e.g. set a deletionTimestamp at <paramref name="now"/>).
    /// </summary>
    DeleteStep BeforeDelete(object obj, string currentResourceVersion, DeleteOptions options, DateTime now);
}

/// <summary>What the generic delete does after a kind's own first step.</summary>
internal enum DeleteStep
{
    /// <summary>Nothing changed: delete as every kind does.</summary>
    Proceed,

    /// <summary>Nothing changed, and the object stays as it is.</summary>
    Keep,

    /// <summary>The object was changed: store it, and keep it.</summary>
    UpdateAndKeep,

    /// <summary>The object was changed: store it, then delete as every kind does.</summary>
    UpdateAndProceed,
}
