using k8s;
using k8s.Models;

namespace MiniApiServer.Registry;

/// <summary>
/// Side effects a kind needs around a write, taken before validation and undone if the write does not happen
/// (kube-apiserver's BeginCreate/BeginUpdate store hooks): e.g. allocating a Service's cluster IPs and node ports.
/// </summary>
internal interface IWriteHook
{
    /// <summary>Reserve what a new object needs; may fill fields of <paramref name="obj"/>. Null when nothing was taken.</summary>
    WriteReservation? BeginCreate(ResourceDescriptor descriptor, IKubernetesObject<V1ObjectMeta> obj, bool dryRun);

    /// <summary>Reserve what an update needs; what the old object held and the new one no longer needs is released on commit.</summary>
    WriteReservation? BeginUpdate(ResourceDescriptor descriptor, IKubernetesObject<V1ObjectMeta> obj, IKubernetesObject<V1ObjectMeta> old, bool dryRun);
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

/// <summary>The reservations of every hook for one write attempt.</summary>
internal sealed class WriteReservations
{
    private readonly List<WriteReservation> _taken = [];

    public static WriteReservations BeginCreate(IEnumerable<IWriteHook> hooks, ResourceDescriptor d, IKubernetesObject<V1ObjectMeta> obj, bool dryRun) =>
        Begin(hooks, h => h.BeginCreate(d, obj, dryRun));

    public static WriteReservations BeginUpdate(IEnumerable<IWriteHook> hooks, ResourceDescriptor d, IKubernetesObject<V1ObjectMeta> obj, IKubernetesObject<V1ObjectMeta> old, bool dryRun) =>
        Begin(hooks, h => h.BeginUpdate(d, obj, old, dryRun));

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
