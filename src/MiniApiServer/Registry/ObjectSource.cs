using k8s;
using k8s.Models;
using MiniApiServer.Machinery;
using MiniApiServer.Storage;

namespace MiniApiServer.Registry;

/// <summary>
/// Typed base for computed kinds: their objects come from <see cref="Read"/>, with apiVersion and kind set here; they
/// are selected by labels and <c>metadata.name</c> (storage.DefaultClusterScopedAttr; upstream registers no field label
/// conversion for them, so other fields get the generic "is not a known field selector").
/// </summary>
internal abstract class ObjectSource<T> : IObjectSource
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private static readonly FieldLabels DefaultFieldLabels = FieldLabels.Of(false, "metadata.name", "metadata.namespace");

    public abstract ResourceDescriptor Descriptor { get; }

    public FieldLabels FieldLabels => DefaultFieldLabels;

    /// <summary>The kind's objects as of <paramref name="snapshot"/>, in key order.</summary>
    public abstract IReadOnlyList<T> Read(StoreSnapshot snapshot);

    public ObjectAttributes GetAttributes(object obj) => ObjectAttributesOf.Meta(Descriptor, ((T)obj).Metadata);

    IReadOnlyList<IKubernetesObject<V1ObjectMeta>> IObjectSource.Read(StoreSnapshot snapshot)
    {
        var items = Read(snapshot);
        foreach (var item in items)
        {
            item.ApiVersion = Descriptor.ApiVersion;
            item.Kind = Descriptor.Kind;
        }
        return items;
    }
}
