using k8s.Models;
using MiniApiServer.Machinery;
using MiniApiServer.Storage;

namespace MiniApiServer.Registry;

/// <summary>
/// The NamespaceLifecycle admission rules (plugin/pkg/admission/namespace/lifecycle/admission.go): a namespaced
/// object can only be created in a namespace that exists and is not terminating. Runs before validation.
/// </summary>
internal static class NamespaceAdmission
{
    public static readonly GroupResource Namespaces = GroupResource.Core("namespaces");

    public static void CheckCreate(StoreSnapshot state, ResourceDescriptor descriptor, string ns, string name)
    {
        if (!descriptor.Namespaced)
        {
            return;
        }
        var namespaceObject = state.Get(Namespaces, "", ns)
            ?? throw ApiException.NotFound(Namespaces, ns);
        if (namespaceObject.Attributes.Fields.GetValueOrDefault("status.phase") == "Terminating")
        {
            throw ApiException.Forbidden(descriptor.GroupResource, name,
                $"unable to create new content in namespace {ns} because it is being terminated",
                [new V1StatusCause { Reason = "NamespaceTerminating", Message = $"namespace {ns} is being terminated", Field = "metadata.namespace" }]);
        }
    }
}
