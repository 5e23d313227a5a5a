using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using MiniApiServer.Machinery;

namespace MiniApiServer.Registry;

/// <summary>Typed base for strategies: casts once, and supplies the behaviour most kinds share.</summary>
internal abstract class ResourceStrategy<T> : IResourceStrategy
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    public abstract ResourceDescriptor Descriptor { get; }

    public virtual FieldLabels FieldLabels { get; } = FieldLabels.Of(false, "metadata.name", "metadata.namespace");

    public virtual void Default(T obj)
    {
    }

    public virtual void PrepareForCreate(T obj)
    {
    }

    public virtual void PrepareForUpdate(T obj, T old)
    {
    }

    public virtual void PrepareForStatusUpdate(T obj, T old)
    {
    }

    public abstract IReadOnlyList<FieldError> Validate(T obj, JsonObject? raw);

    public abstract IReadOnlyList<FieldError> ValidateUpdate(T obj, T old, JsonObject? raw);

    public virtual IReadOnlyList<FieldError> ValidateStatusUpdate(T obj, T old) => [];

    /// <summary>Fields beyond metadata.name/namespace; the base adds those two.</summary>
    protected virtual void AddSelectableFields(T obj, Dictionary<string, string> fields)
    {
    }

    public virtual bool CheckGracefulDelete(T obj, ref long? gracePeriodSeconds) => false;

    public ObjectAttributes GetAttributes(T obj) => ObjectAttributesOf.Meta(Descriptor, obj.Metadata, fields => AddSelectableFields(obj, fields));

    void IResourceStrategy.Default(object obj) => Default((T)obj);
    void IResourceStrategy.PrepareForCreate(object obj) => PrepareForCreate((T)obj);
    void IResourceStrategy.PrepareForUpdate(object obj, object old) => PrepareForUpdate((T)obj, (T)old);
    void IResourceStrategy.PrepareForStatusUpdate(object obj, object old) => PrepareForStatusUpdate((T)obj, (T)old);
    IReadOnlyList<FieldError> IResourceStrategy.Validate(object obj, JsonObject? raw) => Validate((T)obj, raw);
    IReadOnlyList<FieldError> IResourceStrategy.ValidateUpdate(object obj, object old, JsonObject? raw) => ValidateUpdate((T)obj, (T)old, raw);
    IReadOnlyList<FieldError> IResourceStrategy.ValidateStatusUpdate(object obj, object old) => ValidateStatusUpdate((T)obj, (T)old);
    ObjectAttributes IKindStrategy.GetAttributes(object obj) => GetAttributes((T)obj);
    bool IResourceStrategy.CheckGracefulDelete(object obj, ref long? gracePeriodSeconds) => CheckGracefulDelete((T)obj, ref gracePeriodSeconds);
}
