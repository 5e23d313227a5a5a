using MiniApiServer.Machinery;

namespace MiniApiServer.Controllers.Runtime;

/// <summary>How controllers read the errors of their writes.</summary>
internal static class ControllerErrors
{
    /// <summary>
    /// errors.HasStatusCause(err, NamespaceTerminatingCause): a create refused because its namespace is going away.
    /// Creates there keep failing, so controllers drop the key rather than retry.
    /// </summary>
    public static bool IsNamespaceTerminating(this ApiException e) =>
        e.Code == 403 && e.Status.Details?.Causes?.Any(c => c.Reason == "NamespaceTerminating") == true;
}
