using k8s;
using k8s.Models;
using MiniApiServer.Machinery;

namespace MiniApiServer.Registry;

/// <summary>
/// A kind served in another group version over a stored kind's objects, as kube-apiserver serves events.k8s.io/v1 Event
/// from the one core Event store (/registry/events): the objects are kept in the stored kind's form, every read is
/// converted to the served form, and every write converted back before the stored form's strategy, hooks and storage
/// see it (the handler converting between the request version and the internal version). Selectors use the served
/// version's field labels, converted to the stored objects' fields.
/// </summary>
internal interface IKindConversion : IKindStrategy
{
    /// <summary>The stored kind: its storage key, its model, the form kept.</summary>
    ResourceDescriptor Stored { get; }

    /// <summary>The write strategy over the stored form, validating as a request in the served version does.</summary>
    IResourceStrategy Writes { get; }

    /// <summary>A served object in the stored form (a new model; the argument is not kept).</summary>
    IKubernetesObject<V1ObjectMeta> ToStored(IKubernetesObject<V1ObjectMeta> served);

    /// <summary>A stored object's JSON in the served form.</summary>
    byte[] FromStored(byte[] storedJson);
}

/// <summary>Typed base for conversions: casts once and does the JSON around the model conversion.</summary>
internal abstract class KindConversion<TServed, TStored>(IResourceStrategy writes) : IKindConversion
    where TServed : class, IKubernetesObject<V1ObjectMeta>
    where TStored : class, IKubernetesObject<V1ObjectMeta>
{
    public abstract ResourceDescriptor Descriptor { get; }

    public ResourceDescriptor Stored => writes.Descriptor;

    public IResourceStrategy Writes => writes;

    public abstract FieldLabels FieldLabels { get; }

    protected abstract TStored ToStored(TServed served);

    protected abstract TServed FromStored(TStored stored);

    /// <summary>The attributes of the object as stored: selectors were converted to the stored fields.</summary>
    public ObjectAttributes GetAttributes(object obj) => writes.GetAttributes(ToStored((TServed)obj));

    IKubernetesObject<V1ObjectMeta> IKindConversion.ToStored(IKubernetesObject<V1ObjectMeta> served) => ToStored((TServed)served);

    public byte[] FromStored(byte[] storedJson) =>
        ObjectCodec.Encode(FromStored((TStored)ObjectCodec.Decode(storedJson, Stored.ModelType)), Descriptor);
}
