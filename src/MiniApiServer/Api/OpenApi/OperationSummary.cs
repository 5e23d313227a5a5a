using MiniApiServer.Registry;

namespace MiniApiServer.Api.OpenApi;

/// <summary>An operation's one-line description, shared by both documents.</summary>
internal static class OperationSummary
{
    /// <summary>The operation descriptions of k8s.io/apiserver/pkg/endpoints/installer.go .</summary>
    public static string Of(ResourceVerb rv)
    {
        var kind = rv.Descriptor.Kind;
        var part = rv.Subresource switch
        {
            Subresource.Status => "status",
            Subresource.Finalize => "finalize",
            Subresource.Binding => "binding",
            _ => null,
        };
        if (part is not null)
        {
            return rv.Verb switch
            {
                "create" => $"create {part} of{Article(kind)}{kind}",
                "get" => $"read {part} of the specified {kind}",
                "update" => $"replace {part} of the specified {kind}",
                _ => $"partially update {part} of the specified {kind}",
            };
        }
        return rv.Verb switch
        {
            "list" => $"list objects of kind {kind}",
            "watchlist" => $"watch individual changes to a list of {kind}. deprecated: use the 'watch' parameter with a list operation instead.",
            "watch" => $"watch changes to an object of kind {kind}. deprecated: use the 'watch' parameter with a list operation instead, filtered to a single item with the 'fieldSelector' parameter.",
            "create" => $"create{Article(kind)}{kind}",
            "get" => $"read the specified {kind}",
            "update" => $"replace the specified {kind}",
            "patch" => $"partially update the specified {kind}",
            "delete" => $"delete{Article(kind)}{kind}",
            _ => $"delete collection of {kind}",
        };
    }

    /// <summary>installer.go GetArticleForNoun: plural-looking kinds (Endpoints) take no article.</summary>
    private static string Article(string kind) =>
        kind.EndsWith('s') && !kind.EndsWith("ss", StringComparison.Ordinal) ? " "
        : "AEIOUaeiou".Contains(kind[0], StringComparison.Ordinal) ? " an " : " a ";
}
