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
    public const string NamespacesResource = "namespaces";

    public static void CheckCreate(StoreSnapshot state, ResourceDescriptor descriptor, string ns, string name)
    {
        if (!descriptor.Namespaced)
        {
            return;
        }
        var namespaceObject = state.Get(NamespacesResource, "", ns)
            ?? throw ApiException.NotFound(NamespacesResource, ns);
        if (namespaceObject.Attributes.Fields.GetValueOrDefault("status.phase") == "Terminating")
        {
            throw ApiException.Forbidden(descriptor.Plural, name,
                $"unable to create new content in namespace {ns} because it is being terminated",
                [new V1StatusCause { Reason = "NamespaceTerminating", Message = $"namespace {ns} is being terminated", Field = "metadata.namespace" }]);
        }
    }
}
