namespace MiniApiServer.EndToEnd.Swagger;

/// <summary>
/// The system's chromium (Debian package <c>chromium</c>): browser tests drive it instead of downloading a browser.
/// In CI (<c>CI=true</c>) a missing chromium is a failure; elsewhere the browser tests are skipped.
/// </summary>
internal static class Chromium
{
    public const string DefaultPath = "/usr/bin/chromium";

    /// <summary>The chromium executable on PATH (as <c>which chromium</c> finds it), else <see cref="DefaultPath"/> if it exists.</summary>
    public static string? ExecutablePath { get; } = Find();

    public static bool RequiredByCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string MissingMessage =>
        $"chromium is not installed (not on PATH, not at {DefaultPath}); install it with: apt-get install -y chromium";

    private static string? Find()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "chromium"))
            .FirstOrDefault(File.Exists);
        return onPath ?? (File.Exists(DefaultPath) ? DefaultPath : null);
    }
}

/// <summary>A test that needs chromium: skipped when it is missing, unless CI=true, where it runs and fails.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Chromium.ExecutablePath is null && !Chromium.RequiredByCi)
        {
            Skip = Chromium.MissingMessage + " (set CI=true to make this a failure)";
        }
    }
}
