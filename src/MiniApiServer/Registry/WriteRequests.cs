using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace MiniApiServer.Registry;

/// <summary>A decoded request object plus the JSON it came from (null for objects built in-process).</summary>
internal sealed record DecodedObject(IKubernetesObject<V1ObjectMeta> Model, JsonObject? Raw);

/// <summary>
/// Produces the new object from the current one (rest.UpdatedObjectInfo): a PUT ignores the current state, a
/// PATCH applies itself to it. The current object comes as its stored JSON; <c>null</c> means it does not exist.
/// </summary>
internal delegate DecodedObject UpdatedObject(byte[]? current);

internal enum Subresource
{
    None,
    Status,
    Finalize,
    Binding,
}

internal sealed record WriteOptions(bool DryRun = false);

internal sealed record DeleteOptions(
    bool DryRun = false,
    long? GracePeriodSeconds = null,
    string? PreconditionUid = null,
    string? PreconditionResourceVersion = null);

/// <summary>The outcome of a write: the bytes to answer with and whether the object was created (201).</summary>
internal sealed record WriteResult(byte[] Json, bool Created);

/// <summary>The outcome of a DELETE: the object's last (or new, if kept) state, and whether it is gone.</summary>
internal sealed record DeleteResult(byte[] Json, bool Removed, string Uid);
