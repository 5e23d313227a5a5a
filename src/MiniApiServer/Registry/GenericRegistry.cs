using System.Security.Cryptography;
using k8s;
using k8s.Models;
using MiniApiServer.Machinery;
using MiniApiServer.Storage;

namespace MiniApiServer.Registry;

/// <summary>
/// The one create/update/delete pipeline for every kind (upstream: generic registry Store,
/// staging/src/k8s.io/apiserver/pkg/registry/generic/registry/store.go): admission, strategy hooks,
/// validation, optimistic concurrency with retries, dry-run, and the write through the store.
/// </summary>
internal sealed partial class GenericRegistry
{
    /// <summary>Retries of a create-on-update (PUT to a missing name) that lost the race to another create.</summary>
    private const int MaxAttempts = 16;
    private const int GenerateNameAttempts = 8;
    private const int MaxGeneratedPrefix = 58;
    private const string GenerateNameAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    private readonly IObjectStore _store;
    private readonly TimeProvider _time;

    /// <summary>
    /// The registry over <paramref name="store"/> for the kinds of <paramref name="catalog"/>. Each write hook derives its
    /// state from the stored objects of its kind here, before the registry serves any write.
    /// </summary>
    public GenericRegistry(IObjectStore store, ResourceCatalog catalog, TimeProvider time)
    {
        _store = store;
        _time = time;
        Catalog = catalog;
        foreach (var kind in catalog.All.Where(k => k.WriteHooks.Count > 0))
        {
            var d = kind.Descriptor;
            var snapshot = _store.Current;
            foreach (var hook in kind.WriteHooks)
            {
                // Decoded as the hook reads them, not all at once: 100,000 decoded Services would be held in memory
                // together for nothing.
                hook.Rebuild(snapshot.List(d.GroupResource).Select(o => (object)ObjectCodec.Decode(o.Json, d.ModelType)));
            }
        }
    }

    public ResourceCatalog Catalog { get; }

    /// <summary>
    /// The registration that owns a kind's storage: the kind itself, or for a converted kind the stored kind, whose hooks,
    /// attributes and deletion rules apply to the objects whichever version they are written in.
    /// </summary>
    private KindRegistration Owner(KindRegistration kind) => kind.Conversion is null ? kind : Catalog.Get(kind.Storage.GroupResource);

    /// <summary>
    /// The write's input in the stored form. The request's JSON goes along only when it is of that form: a converted
    /// kind's strategy judges the converted object, as upstream's strategies see the internal one.
    /// </summary>
    private static DecodedObject ToStored(KindRegistration kind, DecodedObject input) =>
        kind.Conversion is null ? input : new DecodedObject(kind.ToStored(input.Model), null);

    public async Task<WriteResult> CreateAsync(KindRegistration kind, string ns, DecodedObject input, WriteOptions options, CancellationToken ct)
    {
        var result = await CreateStoredAsync(kind, ns, ToStored(kind, input), options, ct);
        return result with { Json = kind.Present(result.Json) };
    }

    /// <summary>CREATE of an input already in the stored form; answers the stored form.</summary>
    private async Task<WriteResult> CreateStoredAsync(KindRegistration kind, string ns, DecodedObject input, WriteOptions options, CancellationToken ct)
    {
        var d = kind.Descriptor;
        var stored = kind.Storage;
        var owner = Owner(kind);
        var strategy = kind.WriteStrategy;
        var model = input.Model;
        var meta = model.Metadata ??= new V1ObjectMeta();
        meta.NamespaceProperty = d.Namespaced ? ns : null;
        if (!string.IsNullOrEmpty(meta.ResourceVersion))
        {
            // Upstream answers this with a 500 from etcd3's Create; it is the client's mistake, so we say 400.
            throw ApiException.BadRequest("resourceVersion should not be set on objects to be created");
        }
        NamespaceAdmission.CheckCreate(_store.Current, d, ns, meta.Name ?? meta.GenerateName ?? "");
        strategy.Default(model);
        var now = ObjectCodec.WholeSeconds(_time.GetUtcNow());
        meta.Uid = Guid.NewGuid().ToString();
        meta.CreationTimestamp = now;
        meta.DeletionTimestamp = null;
        meta.DeletionGracePeriodSeconds = null;
        meta.SelfLink = null;
        meta.ManagedFields = null;
        // Not client-settable: kinds that track generation (pods) start it in PrepareForCreate.
        meta.Generation = null;
        var generated = string.IsNullOrEmpty(meta.Name) && !string.IsNullOrEmpty(meta.GenerateName);
        for (var attempt = 1; ; attempt++)
        {
            if (generated)
            {
                meta.Name = GenerateName(meta.GenerateName!);
            }
            strategy.PrepareForCreate(model);
            // Allocations (a Service's IPs and ports) come before validation, as kube-apiserver's BeginCreate, and
            // are given back on every path that does not store the object.
            var reservations = WriteReservations.BeginCreate(owner.WriteHooks, model, options.DryRun);
            try
            {
                var errors = strategy.Validate(model, input.Raw);
                if (errors.Count > 0)
                {
                    // rest.BeforeCreate names the kind of the object validated: the stored (internal) one.
                    throw ApiException.Invalid(stored.Kind, meta.Name ?? "", errors, stored.Group);
                }
                if (options.DryRun)
                {
                    if (_store.Current.Get(stored.GroupResource, ns, meta.Name!) is not null)
                    {
                        throw ApiException.AlreadyExists(d.GroupResource, meta.Name!);
                    }
                    reservations.Revert();
                    return new WriteResult(ObjectCodec.Encode(model, stored), Created: true);
                }
                var e = await _store.CommitAsync(new StoreWrite(WriteKind.Create, stored.GroupResource, ns, meta.Name!, null, Encoder(owner, model)), ct);
                reservations.Commit();
                return new WriteResult(e.Object.Json, Created: true);
            }
            catch (StorageException se) when (se.Code == StorageErrorCode.KeyExists)
            {
                reservations.Revert();
                if (!generated || attempt == GenerateNameAttempts)
                {
                    throw ApiException.AlreadyExists(d.GroupResource, meta.Name!);
                }
            }
            catch
            {
                reservations.Revert();
                throw;
            }
        }
    }

    /// <summary>
    /// PUT and PATCH: produce the new object from the current one, keep what clients may not change, validate,
    /// and write only if something changed. A write without a client resourceVersion retries on a lost race.
    /// </summary>
    public async Task<WriteResult> UpdateAsync(
        KindRegistration kind, string ns, string name, UpdatedObject produce, Subresource subresource, WriteOptions options, CancellationToken ct)
    {
        // The producer works in the served form (a patch applies to what the client reads); the pipeline in the stored one.
        var result = await UpdateStoredAsync(kind, ns, name,
            current => ToStored(kind, produce(current is null ? null : kind.Present(current))), subresource, options, ct);
        return result with { Json = kind.Present(result.Json) };
    }

    /// <summary>UPDATE with a producer of the stored form; answers the stored form.</summary>
    private async Task<WriteResult> UpdateStoredAsync(
        KindRegistration kind, string ns, string name, UpdatedObject produce, Subresource subresource, WriteOptions options, CancellationToken ct)
    {
        var d = kind.Descriptor;
        var stored = kind.Storage;
        var owner = Owner(kind);
        var strategy = kind.WriteStrategy;
        for (var attempt = 1; ; attempt++)
        {
            var current = _store.Current.Get(stored.GroupResource, ns, name);
            if (current is null)
            {
                if (subresource != Subresource.None || !d.AllowCreateOnUpdate)
                {
                    throw ApiException.NotFound(d.GroupResource, name);
                }
                var created = produce(null);
                created.Model.Metadata!.ResourceVersion = null;
                try
                {
                    return await CreateStoredAsync(kind, ns, created, options, ct);
                }
                catch (ApiException ae) when (ae.Status.Reason == "AlreadyExists" && attempt < MaxAttempts)
                {
                    continue;
                }
            }
            var old = ObjectCodec.Decode(current.Json, stored.ModelType);
            var input = produce(current.Json);
            var model = input.Model;
            var meta = model.Metadata ??= new V1ObjectMeta();
            var clientRv = meta.ResourceVersion;
            if (string.IsNullOrEmpty(clientRv) && !d.AllowUnconditionalUpdate)
            {
                // store.go Update: the Invalid error names the resource where the kind would go (upstream's own TODO).
                throw ApiException.Invalid(d.Plural, name,
                    [FieldError.Invalid("metadata.resourceVersion", new GoLiteral("0x0"), "must be specified for an update")], d.Group);
            }
            if (!string.IsNullOrEmpty(clientRv) && clientRv != current.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                throw ApiException.StaleResourceVersion(d.GroupResource, name);
            }
            if (!string.IsNullOrEmpty(meta.Uid) && meta.Uid != old.Metadata.Uid)
            {
                throw PreconditionFailed(kind, ns, name, $"UID in precondition: {meta.Uid}, UID in object meta: {old.Metadata.Uid}");
            }
            meta.NamespaceProperty = d.Namespaced ? ns : null;
            strategy.Default(model);
            KeepSystemFields(meta, old.Metadata);
            // An unconditional update applies to the current version (the generic store fills it in).
            meta.ResourceVersion = current.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
            IReadOnlyList<FieldError> errors;
            WriteReservations? reservations = null;
            switch (subresource)
            {
                case Subresource.Status:
                    strategy.PrepareForStatusUpdate(model, old);
                    errors = strategy.ValidateStatusUpdate(model, old);
                    break;
                case Subresource.Finalize:
                    var finalize = kind.Finalize ?? throw ApiException.MethodNotAllowed();
                    finalize.PrepareForFinalize(model, old);
                    errors = finalize.ValidateFinalize(model, old);
                    break;
                case Subresource.Binding:
                    // The binding was applied by the producer (CreateSubresourceAsync); upstream writes it past the strategy.
                    errors = [];
                    break;
                default:
                    strategy.PrepareForUpdate(model, old);
                    reservations = WriteReservations.BeginUpdate(owner.WriteHooks, model, old, options.DryRun);
                    errors = strategy.ValidateUpdate(model, old, input.Raw);
                    break;
            }
            try
            {
                if (errors.Count > 0)
                {
                    throw ApiException.Invalid(stored.Kind, name, errors, stored.Group);
                }
                var bytes = ObjectCodec.Encode(model, stored);
                if (bytes.AsSpan().SequenceEqual(current.Json))
                {
                    // GuaranteedUpdate writes nothing for a no-op: same resourceVersion, no event.
                    reservations?.Revert();
                    return new WriteResult(current.Json, Created: false);
                }
                if (options.DryRun)
                {
                    reservations?.Revert();
                    return new WriteResult(bytes, Created: false);
                }
                var e = await _store.CommitAsync(
                    new StoreWrite(WriteKind.Update, stored.GroupResource, ns, name, current.ResourceVersion, Encoder(owner, model)), ct);
                reservations?.Commit();
                if (ShouldDeleteDuringUpdate(model.Metadata))
                {
                    var removed = await RemoveAsync(owner, ns, name, model, e.Object.ResourceVersion, ct);
                    return new WriteResult(removed.Object.Json, Created: false);
                }
                return new WriteResult(e.Object.Json, Created: false);
            }
            catch (StorageException se) when (se.Code is StorageErrorCode.Conflict or StorageErrorCode.NotFound)
            {
                // Another write won the race: retry on the fresh object, as GuaranteedUpdate does. A client's own
                // resourceVersion is checked against it above; a patch result carries the version it was applied to,
                // so it must not count as the client's precondition here. Like GuaranteedUpdate, there is no retry
                // limit: every lost race means another write committed, so the store always makes progress.
                reservations?.Revert();
            }
            catch
            {
                reservations?.Revert();
                throw;
            }
        }
    }

    /// <summary>What no update can change (rest.BeforeUpdate / ObjectMeta update rules): identity and deletion state.</summary>
    private static void KeepSystemFields(V1ObjectMeta meta, V1ObjectMeta old)
    {
        meta.Uid = old.Uid;
        meta.CreationTimestamp = old.CreationTimestamp;
        meta.DeletionTimestamp = old.DeletionTimestamp;
        meta.DeletionGracePeriodSeconds = old.DeletionGracePeriodSeconds;
        meta.Generation = old.Generation;
        meta.SelfLink = null;
        meta.ManagedFields = null;
    }

    /// <summary>
    /// A failed storage precondition (storage.Preconditions.Check, an invalid-object StorageError) as the generic store
    /// answers it: a conflict quoting the storage error.
    /// </summary>
    private static ApiException PreconditionFailed(KindRegistration kind, string ns, string name, string detail) =>
        ApiException.Conflict(kind.Descriptor.GroupResource, name,
            $"StorageError: invalid object, Code: 4, Key: /registry/{kind.Storage.EtcdPrefix}/{ObjectKey.Of(ns, name)}, ResourceVersion: 0, " +
            $"AdditionalErrorMsg: Precondition failed: {detail}");

    /// <summary>store.go shouldDeleteDuringUpdate: the last finalizer of an object marked for deletion with no grace left is gone.</summary>
    private static bool ShouldDeleteDuringUpdate(V1ObjectMeta meta) =>
        meta.DeletionTimestamp is not null
        && (meta.Finalizers is null || meta.Finalizers.Count == 0)
        && (meta.DeletionGracePeriodSeconds ?? 0) == 0;

    /// <summary>
    /// The write's bytes for the revision the store assigns: serialized here, on the caller's thread, so the store's one
    /// writer only splices the version in (<see cref="VersionedJson"/>). The model gets the version too, for what follows.
    /// <paramref name="kind"/> owns the storage written (<see cref="Owner"/>).
    /// </summary>
    private static Func<long, EncodedObject> Encoder(KindRegistration kind, IKubernetesObject<V1ObjectMeta> model)
    {
        var attributes = kind.Strategy.GetAttributes(model);
        var json = VersionedJson.Encode(model, kind.Descriptor);
        return rv =>
        {
            model.Metadata.ResourceVersion = rv.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return new EncodedObject(json.WithVersion(rv), attributes);
        };
    }

    private static string GenerateName(string prefix)
    {
        if (prefix.Length > MaxGeneratedPrefix)
        {
            prefix = prefix[..MaxGeneratedPrefix];
        }
        Span<char> suffix = stackalloc char[5];
        for (var i = 0; i < suffix.Length; i++)
        {
            suffix[i] = GenerateNameAlphabet[RandomNumberGenerator.GetInt32(GenerateNameAlphabet.Length)];
        }
        return prefix + new string(suffix);
    }
}
