namespace MiniApiServer.EndToEnd;

/// <summary>The repository checkout the tests run from: the nearest folder above the test binaries holding the solution.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "MiniApiServer.sln")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException($"no MiniApiServer.sln above {AppContext.BaseDirectory}");
    }

    public static string Combine(string relative) => System.IO.Path.Combine(Path, relative);
}
