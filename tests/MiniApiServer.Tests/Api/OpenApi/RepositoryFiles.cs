namespace MiniApiServer.Tests.Api.OpenApi;

/// <summary>Files checked in at the repository root (found by walking up to <c>MiniApiServer.sln</c>).</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MiniApiServer.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"MiniApiServer.sln not found above {AppContext.BaseDirectory}");
    }
}
