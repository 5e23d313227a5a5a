using k8s.Models;
using MiniApiServer.Machinery;

namespace MiniApiServer.Registry;

internal sealed partial class GenericRegistry
{
    /// <summary>
    /// POST to a subresource that changes its object (<c>pods/{name}/binding</c>: BindingREST.Create), or, with no
    /// <paramref name="name"/>, to the collection of the subresource's input kind, whose body names the object
    /// (<c>bindings</c>: LegacyBindingREST). Namespace admission, the name and the kind's checks of the input come first;
    /// then the object changes through the update path: the current object is read, the input applied to it, and the
    /// write retried on a lost race, with dry-run honoured. The subresource answers no object.
    /// </summary>
    public async Task CreateSubresourceAsync(
        KindRegistration kind, string ns, string? name, Subresource subresource, DecodedObject input, WriteOptions options, CancellationToken ct)
    {
        var d = kind.Descriptor;
        var sub = d.Subresources.FirstOrDefault(s => s.Kind == subresource && s.Verbs.Contains("create"));
        var binding = subresource == Subresource.Binding ? kind.Binding : null;
        if (sub is null || binding is null)
        {
            throw ApiException.MethodNotAllowed();
        }
        var meta = input.Model.Metadata ??= new V1ObjectMeta();
        var addressed = d;
        if (name is null)
        {
            // The create handler keeps the request's uid and resourceVersion (as preconditions) only for a subresource
            // (rest.SubresourceObjectMetaPreserver); a POST to the input kind's own collection has them wiped.
            meta.Uid = null;
            meta.ResourceVersion = null;
            name = meta.Name ?? "";
            addressed = sub.Input ?? d;
        }
        NamespaceAdmission.CheckCreate(_store.Current, addressed, ns, name);
        if ((meta.Name ?? "") != name)
        {
            throw ApiException.BadRequest($"name in URL does not match name in {sub.ResponseKind(d)} object");
        }
        var errors = binding.Validate(input.Model);
        if (errors.Count > 0)
        {
            // BindingREST returns these field errors unwrapped, which kube-apiserver answers as a 500 without a reason;
            // they are the client's mistake, so here they are a 400 with the same text.
            var messages = errors.Select(e => e.ToString()).Distinct().ToList();
            throw ApiException.BadRequest(messages.Count == 1 ? messages[0] : $"[{string.Join(", ", messages)}]");
        }
        if (name.Length == 0)
        {
            // The store's key function refuses an empty name (NamespaceKeyFunc).
            throw ApiException.BadRequest("Name parameter required.");
        }
        var uid = meta.Uid;
        var resourceVersion = meta.ResourceVersion;
        var conflictOn = new GroupResource(d.Group, $"{d.Plural}/{sub.Name}");
        var now = ObjectCodec.WholeSeconds(_time.GetUtcNow());
        await UpdateAsync(kind, ns, name, current =>
        {
            var obj = ObjectCodec.Decode(current ?? throw ApiException.NotFound(d.GroupResource, name), d.ModelType);
            var objMeta = obj.Metadata;
            if (!string.IsNullOrEmpty(uid) && uid != objMeta.Uid)
            {
                throw PreconditionFailed(kind, ns, name, $"UID in precondition: {uid}, UID in object meta: {objMeta.Uid}");
            }
            if (!string.IsNullOrEmpty(resourceVersion) && resourceVersion != objMeta.ResourceVersion)
            {
                throw PreconditionFailed(kind, ns, name, $"ResourceVersion in precondition: {resourceVersion}, ResourceVersion in object meta: {objMeta.ResourceVersion}");
            }
            if (binding.Bind(obj, input.Model, now) is { } why)
            {
                throw ApiException.Conflict(conflictOn, name, why);
            }
            return new DecodedObject(obj, null);
        }, subresource, options, ct);
    }
}
