using System.Text.Json.Nodes;

namespace MiniApiServer.Api;

/// <summary>
/// <c>/version</c> (version.Info, reporting the Kubernetes API version we follow: kubectl's dispatcher picks its
/// bundled client by this minor, kubectl-wire.md §1.1) and the health probes.
/// </summary>
internal static class ServerInfo
{
    public const string Major = "1";
    public const string Minor = "33";
    public const string GitVersion = "v1.33.0";

    public static void MapServerInfo(this IEndpointRouteBuilder app)
    {
        app.MapGet("/version", () => Results.Text(new JsonObject
        {
            ["major"] = Major,
            ["minor"] = Minor,
            ["gitVersion"] = GitVersion,
            ["gitCommit"] = "0000000000000000000000000000000000000000",
            ["gitTreeState"] = "clean",
            ["buildDate"] = "2026-01-01T00:00:00Z",
            ["goVersion"] = $"dotnet{Environment.Version}",
            ["compiler"] = "dotnet",
            ["platform"] = $"{(OperatingSystem.IsLinux() ? "linux" : Environment.OSVersion.Platform.ToString().ToLowerInvariant())}/{System.Runtime.InteropServices.RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant().Replace("x64", "amd64", StringComparison.Ordinal)}",
        }.ToJsonString(), "application/json")).ExcludeFromDescription();
        foreach (var probe in new[] { "/healthz", "/livez", "/readyz" })
        {
            app.MapGet(probe, () => Results.Text("ok", "text/plain")).ExcludeFromDescription();
        }
    }
}
