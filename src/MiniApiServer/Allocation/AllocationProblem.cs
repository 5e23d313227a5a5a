using k8s.Models;

namespace MiniApiServer.Allocation;

/// <summary>
/// A stored Service whose ClusterIP or NodePort could not be marked during a rebuild. <see cref="Reason"/> and
/// <see cref="Message"/> are the Warning event kube-apiserver's repair controllers record for it
/// (pkg/registry/core/service/ipallocator/controller/repairip.go, portallocator/controller/repair.go).
/// </summary>
internal sealed record AllocationProblem(V1Service Service, string Reason, string Message)
{
    public string Namespace => Service.Metadata?.NamespaceProperty ?? "";

    public string Name => Service.Metadata?.Name ?? "";

    /// <summary>True for a ClusterIP (the IP repair controller's), false for a NodePort (the port repair controller's).</summary>
    public bool IsClusterIp => Reason.StartsWith("ClusterIP", StringComparison.Ordinal);

    public override string ToString() => $"{Namespace}/{Name}: {Reason}: {Message}";
}
