using k8s;
using k8s.Models;
using MiniApiServer.Registry.Tables;
using MiniApiServer.Storage;

namespace MiniApiServer.Registry;

/// <summary>
/// A served kind as the registry knows it: its strategy, and the hooks its registration attaches (kube-apiserver's
/// per-resource REST storage: a generic Store configured with the kind's strategy and BeginCreate/AfterDelete hooks).
/// A kind is either stored (a write strategy; every verb goes through the generic pipeline) or computed (a read-only
/// view of other state, served by its <see cref="Source"/>), or converted (another group version's form of a stored kind's
/// objects, through its <see cref="Conversion"/>: the stored kind's storage, hooks and TTL, the served version's
/// validation).
/// </summary>
internal sealed record KindRegistration
{
    private KindRegistration(IKindStrategy strategy, IResourceStrategy? writes, IObjectSource? source)
    {
        Strategy = strategy;
        Writes = writes;
        Source = source;
    }

    /// <summary>A kind kept in storage, written through <paramref name="strategy"/>.</summary>
    public static KindRegistration Stored(IResourceStrategy strategy) => new(strategy, strategy, null);

    /// <summary>A read-only kind computed by <paramref name="source"/>: it serves get and list, nothing else.</summary>
    public static KindRegistration Computed(IObjectSource source) => new(source, null, source);

    /// <summary>A kind served over the objects of the stored kind <paramref name="conversion"/> names, converted both ways.</summary>
    public static KindRegistration Converted(IKindConversion conversion) => new(conversion, conversion.Writes, null) { Conversion = conversion };

    public ResourceDescriptor Descriptor => Strategy.Descriptor;

    public IKindStrategy Strategy { get; }

    /// <summary>The write strategy of a stored kind; null for a computed one.</summary>
    public IResourceStrategy? Writes { get; }

    /// <summary>The source of a computed kind; null for a stored one.</summary>
    public IObjectSource? Source { get; }

    /// <summary>The conversion of a converted kind; null for a stored or computed one.</summary>
    public IKindConversion? Conversion { get; private init; }

    /// <summary>The form the objects are kept in: the kind's own, or the stored kind's for a converted kind.</summary>
    public ResourceDescriptor Storage => Conversion?.Stored ?? Descriptor;

    /// <summary>True for a stored kind: it owns its storage (a converted kind serves another kind's).</summary>
    public bool OwnsStorage => Writes is not null && Conversion is null;

    /// <summary>
    /// Objects of a stored kind expire this long after their last write (upstream: the store's TTLFunc, an etcd lease
    /// given to every write); null when they never do.
    /// </summary>
    public ObjectTtl? Ttl { get; init; }

    /// <summary>Stored JSON in the form this kind serves.</summary>
    public byte[] Present(byte[] storedJson) => Conversion is { } c ? c.FromStored(storedJson) : storedJson;

    /// <summary>A model of this kind in the form it is stored.</summary>
    public IKubernetesObject<V1ObjectMeta> ToStored(IKubernetesObject<V1ObjectMeta> model) => Conversion is { } c ? c.ToStored(model) : model;

    /// <summary>Run around every create and update, in order.</summary>
    public IReadOnlyList<IWriteHook> WriteHooks { get; init; } = [];

    /// <summary>Run after every removal, in order.</summary>
    public IReadOnlyList<IDeleteHook> DeleteHooks { get; init; } = [];

    /// <summary>The <c>finalize</c> subresource's rules; required exactly when the descriptor lists that subresource.</summary>
    public IFinalizeStrategy? Finalize { get; init; }

    /// <summary>The kind's own first step of a DELETE, if it has one.</summary>
    public IDeleteStrategy? Deletion { get; init; }

    /// <summary>The <c>binding</c> subresource's rules; required exactly when the descriptor lists that subresource.</summary>
    public IBindingStrategy? Binding { get; init; }

    /// <summary>
    /// How the kind's objects print as a server-side table (<c>Accept: …;as=Table</c>); every served kind has one, as
    /// every kube-apiserver resource has a TableConvertor.
    /// </summary>
    public ITablePrinter? Printer { get; init; }

    /// <summary>The table printer; <see cref="Check"/> has made sure there is one.</summary>
    public ITablePrinter TablePrinter =>
        Printer ?? throw new InvalidOperationException($"{Descriptor.GroupResource} has no table printer");

    /// <summary>The write strategy, for the write verbs the routes only map for stored kinds.</summary>
    public IResourceStrategy WriteStrategy =>
        Writes ?? throw new InvalidOperationException($"{Descriptor.GroupResource} is computed and cannot be written");

    /// <summary>Refuses a registration whose parts disagree, at start-up.</summary>
    public void Check()
    {
        var d = Descriptor;
        if (d.ListType is null)
        {
            throw new InvalidOperationException($"{d.GroupResource}: a served kind has a list type");
        }
        if (Printer is null)
        {
            throw new InvalidOperationException($"{d.GroupResource}: a served kind has a table printer");
        }
        if (Printer.ModelType != d.ModelType)
        {
            throw new InvalidOperationException($"{d.GroupResource}: its table printer prints {Printer.ModelType.Name}, not {d.ModelType.Name}");
        }
        if (d.HasSubresource(Subresource.Finalize) != (Finalize is not null))
        {
            throw new InvalidOperationException($"{d.GroupResource}: the finalize subresource and its strategy come together");
        }
        if (d.HasSubresource(Subresource.Binding) != (Binding is not null))
        {
            throw new InvalidOperationException($"{d.GroupResource}: the binding subresource and its strategy come together");
        }
        if (Source is not null && (d.Verbs.Any(v => v is not ("get" or "list")) || d.Subresources.Count > 0 || WriteHooks.Count + DeleteHooks.Count > 0
            || Finalize is not null || Deletion is not null || Binding is not null))
        {
            throw new InvalidOperationException($"{d.GroupResource}: a computed kind serves get and list only");
        }
        if (Conversion is not null && (d.Subresources.Count > 0 || WriteHooks.Count + DeleteHooks.Count > 0 || Finalize is not null
            || Deletion is not null || Binding is not null || Ttl is not null || d.Namespaced != Storage.Namespaced))
        {
            throw new InvalidOperationException($"{d.GroupResource}: a converted kind has the stored kind's scope, hooks and TTL, and no subresources");
        }
    }
}

/// <summary>
/// The objects of a computed, read-only kind (e.g. the IPAddresses the Services hold), derived from one store snapshot
/// each time they are read, so they cannot drift from what they are derived from.
/// </summary>
internal interface IObjectSource : IKindStrategy
{
    /// <summary>The kind's objects as of <paramref name="snapshot"/>, in key order, with apiVersion and kind set.</summary>
    IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Read(StoreSnapshot snapshot);
}
