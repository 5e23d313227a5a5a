namespace MiniApiServer.Allocation;

/// <summary>
/// A stored Service whose ClusterIP or NodePort could not be marked during a rebuild. <see cref="Reason"/> and
/// <see cref="Message"/> are the Warning event kube-apiserver's repair controllers record for it
/// (pkg/registry/core/service/{ipallocator,portallocator}/controller/repair.go).
/// </summary>
internal sealed record AllocationProblem(string Namespace, string Name, string Reason, string Message)
{
    public override string ToString() => $"{Namespace}/{Name}: {Reason}: {Message}";
}
