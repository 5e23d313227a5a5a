using System.Globalization;
using k8s;
using k8s.Models;
using MiniApiServer.Machinery;
using MiniApiServer.Storage;

namespace MiniApiServer.Registry;

internal sealed partial class GenericRegistry
{
    /// <summary>
    /// DELETE of one object, following store.go Delete and rest.BeforeDelete: the kind's own first step if it has one
    /// (namespaces terminate first), preconditions, graceful deletion (pods are first marked with a deletionTimestamp),
    /// finalizers (the object is kept, marked, until they are gone), then removal.
    /// </summary>
    public async Task<DeleteResult> DeleteAsync(KindRegistration kind, string ns, string name, DeleteOptions options, CancellationToken ct)
    {
        var result = await DeleteStoredAsync(kind, ns, name, options, ct);
        return result with { Json = kind.Present(result.Json) };
    }

    /// <summary>DELETE, answering the object's last state in the stored form.</summary>
    private async Task<DeleteResult> DeleteStoredAsync(KindRegistration kind, string ns, string name, DeleteOptions options, CancellationToken ct)
    {
        var d = kind.Descriptor;
        var stored = kind.Storage;
        var owner = Owner(kind);
        while (true)
        {
            var current = _store.Current.Get(stored.GroupResource, ns, name) ?? throw ApiException.NotFound(d.GroupResource, name);
            var model = ObjectCodec.Decode(current.Json, stored.ModelType);
            var meta = model.Metadata;
            var rv = current.ResourceVersion.ToString(CultureInfo.InvariantCulture);
            var step = owner.Deletion?.BeforeDelete(model, rv, options, ObjectCodec.WholeSeconds(_time.GetUtcNow())) ?? DeleteStep.Proceed;
            CheckPreconditions(stored, name, options, meta, current);
            try
            {
                switch (step)
                {
                    case DeleteStep.Keep:
                        return new DeleteResult(current.Json, Removed: false, meta.Uid);
                    case DeleteStep.UpdateAndKeep or DeleteStep.UpdateAndProceed:
                        if (options.DryRun)
                        {
                            return new DeleteResult(ObjectCodec.Encode(model, stored), Removed: false, meta.Uid);
                        }
                        var updated = await _store.CommitAsync(new StoreWrite(WriteKind.Update, stored.GroupResource, ns, name, current.ResourceVersion, Encoder(owner, model)), ct);
                        if (step == DeleteStep.UpdateAndKeep)
                        {
                            return new DeleteResult(updated.Object.Json, Removed: false, meta.Uid);
                        }
                        current = updated.Object;
                        break;
                }
                return await DeleteObjectAsync(owner, ns, name, model, current, options, ct);
            }
            catch (StorageException se) when (se.Code is StorageErrorCode.Conflict)
            {
                // Someone wrote in between: decide again on the new state (preconditions included).
            }
            catch (StorageException se) when (se.Code is StorageErrorCode.NotFound)
            {
                throw ApiException.NotFound(d.GroupResource, name);
            }
        }
    }

    /// <summary>The generic part of a DELETE, on the kind that owns the storage.</summary>
    private async Task<DeleteResult> DeleteObjectAsync(
        KindRegistration kind, string ns, string name, IKubernetesObject<V1ObjectMeta> model, StoredObject current, DeleteOptions options, CancellationToken ct)
    {
        var d = kind.Descriptor;
        var meta = model.Metadata;
        var (graceful, pending) = BeforeDelete(kind.WriteStrategy, model, options.GracePeriodSeconds);
        if (pending)
        {
            return new DeleteResult(current.Json, Removed: false, meta.Uid);
        }
        var pendingFinalizers = meta.Finalizers is { Count: > 0 };
        var latestRv = current.ResourceVersion;
        if (graceful || pendingFinalizers)
        {
            if (!graceful)
            {
                if (meta.DeletionTimestamp is not null)
                {
                    return new DeleteResult(current.Json, Removed: false, meta.Uid);
                }
                MarkAsDeleting(meta);
            }
            if (options.DryRun)
            {
                var wouldBe = ObjectCodec.Encode(model, d);
                if (pendingFinalizers || (meta.DeletionGracePeriodSeconds ?? 0) > 0)
                {
                    return new DeleteResult(wouldBe, Removed: false, meta.Uid);
                }
                return new DeleteResult(wouldBe, Removed: true, meta.Uid);
            }
            var updated = await _store.CommitAsync(new StoreWrite(WriteKind.Update, d.GroupResource, ns, name, current.ResourceVersion, Encoder(kind, model)), ct);
            if (pendingFinalizers || (meta.DeletionGracePeriodSeconds ?? 0) > 0)
            {
                return new DeleteResult(updated.Object.Json, Removed: false, meta.Uid);
            }
            latestRv = updated.Object.ResourceVersion;
            try
            {
                var removedNow = await RemoveAsync(kind, ns, name, model, latestRv, ct);
                return new DeleteResult(removedNow.Object.Json, Removed: true, meta.Uid);
            }
            catch (StorageException se) when (se.Code is StorageErrorCode.NotFound)
            {
                // Removed by someone else between this deletion's own update and its removal (a kubelet finishing the
                // deletion it just saw): the deletion happened, so it succeeds with the last state this request wrote
                // (store.go Delete's ignoreNotFound with lastExisting).
                return new DeleteResult(updated.Object.Json, Removed: true, meta.Uid);
            }
        }
        if (options.DryRun)
        {
            return new DeleteResult(ObjectCodec.Encode(model, d), Removed: true, meta.Uid);
        }
        var removed = await RemoveAsync(kind, ns, name, model, latestRv, ct);
        return new DeleteResult(removed.Object.Json, Removed: true, meta.Uid);
    }

    /// <summary>Removes the object, stamping its last state with the deletion's revision, then runs the delete hooks.</summary>
    private async Task<StoreEvent> RemoveAsync(KindRegistration kind, string ns, string name, IKubernetesObject<V1ObjectMeta> model, long expectedRv, CancellationToken ct)
    {
        var e = await _store.CommitAsync(new StoreWrite(WriteKind.Delete, kind.Descriptor.GroupResource, ns, name, expectedRv, Encoder(kind, model)), ct);
        var deleted = new DeletedObject(ns, name, e.Object.Json);
        foreach (var hook in kind.DeleteHooks)
        {
            await hook.AfterDeleteAsync(this, deleted, ct);
        }
        return e;
    }

    /// <summary>
    /// rest.BeforeDelete (staging/src/k8s.io/apiserver/pkg/registry/rest/delete.go): returns whether the object
    /// is (now) being deleted gracefully, and whether a graceful deletion is already pending and nothing changes.
    /// </summary>
    private (bool Graceful, bool Pending) BeforeDelete(IResourceStrategy strategy, IKubernetesObject<V1ObjectMeta> model, long? gracePeriodSeconds)
    {
        var meta = model.Metadata;
        if (gracePeriodSeconds < 0)
        {
            gracePeriodSeconds = 1;
        }
        if (meta.DeletionGracePeriodSeconds < 0)
        {
            meta.DeletionGracePeriodSeconds = 1;
        }
        if (!strategy.Descriptor.GracefulDeletion)
        {
            return (false, false);
        }
        if (meta.DeletionTimestamp is { } deletionTimestamp)
        {
            if (meta.DeletionGracePeriodSeconds is null or 0)
            {
                return (false, false);
            }
            if (gracePeriodSeconds is not { } period)
            {
                return (false, true);
            }
            if (period >= meta.DeletionGracePeriodSeconds)
            {
                return (false, true);
            }
            meta.DeletionTimestamp = deletionTimestamp.AddSeconds(-meta.DeletionGracePeriodSeconds.Value).AddSeconds(period);
            meta.DeletionGracePeriodSeconds = period;
            return (true, false);
        }
        if (!strategy.CheckGracefulDelete(model, ref gracePeriodSeconds) || gracePeriodSeconds is not { } grace)
        {
            return (false, false);
        }
        meta.DeletionTimestamp = ObjectCodec.WholeSeconds(_time.GetUtcNow().AddSeconds(grace));
        meta.DeletionGracePeriodSeconds = grace;
        if (meta.Generation > 0)
        {
            meta.Generation++;
        }
        return (true, false);
    }

    /// <summary>store.go markAsDeleting: kept for its finalizers, with no grace period.</summary>
    private void MarkAsDeleting(V1ObjectMeta meta)
    {
        if (meta.Generation > 0)
        {
            meta.Generation++;
        }
        meta.DeletionTimestamp = ObjectCodec.WholeSeconds(_time.GetUtcNow());
        meta.DeletionGracePeriodSeconds = 0;
    }

    /// <summary>
    /// rest.BeforeDelete's early precondition checks. Upstream names the kind where the resource goes
    /// (<c>schema.GroupResource{Group: gvk.Group, Resource: gvk.Kind}</c>), so the message reads <c>on Pod "p"</c>.
    /// </summary>
    private static void CheckPreconditions(ResourceDescriptor d, string name, DeleteOptions options, V1ObjectMeta meta, StoredObject current)
    {
        if (options.PreconditionUid is { } uid && uid != meta.Uid)
        {
            throw ApiException.Conflict(new GroupResource(d.Group, d.Kind), name,
                $"the UID in the precondition ({uid}) does not match the UID in record ({meta.Uid}). The object might have been deleted and then recreated");
        }
        var rv = current.ResourceVersion.ToString(CultureInfo.InvariantCulture);
        if (options.PreconditionResourceVersion is { } wanted && wanted != rv)
        {
            throw ApiException.Conflict(new GroupResource(d.Group, d.Kind), name,
                $"the ResourceVersion in the precondition ({wanted}) does not match the ResourceVersion in record ({rv}). The object might have been modified");
        }
    }
}
