using k8s;
using k8s.Models;

namespace MiniApiServer.Registry;

/// <summary>
/// How long a stored kind's objects live after their last write (the generic store's TTLFunc; kube-apiserver gives each
/// write an etcd lease of that many seconds). <see cref="LastWritten"/> tells, from an object alone, when it was last
/// written as far as its fields show it: what a restart goes by, since the write times seen while running are not stored.
/// </summary>
internal sealed record ObjectTtl(TimeSpan Ttl, Func<IKubernetesObject<V1ObjectMeta>, DateTime?> LastWritten)
{
    /// <summary>
    /// The TTL a flag gives, in whole seconds as upstream passes it to etcd (<c>uint64(ttl.Seconds())</c>); below one
    /// second there is none (the store gives no lease for a TTL of 0), and objects never expire.
    /// </summary>
    public static ObjectTtl? FromFlag(TimeSpan flag, Func<IKubernetesObject<V1ObjectMeta>, DateTime?> lastWritten)
    {
        var seconds = Math.Floor(flag.TotalSeconds);
        return seconds >= 1 ? new ObjectTtl(TimeSpan.FromSeconds(seconds), lastWritten) : null;
    }
}
