using System.Text.Json;
using System.Text.Json.Serialization;

namespace MiniApiServer.Bench.Report;

/// <summary>Writes latest.md and latest.json, and a copy of each named by the run's start (2026-11-26T0740.md).</summary>
internal static class ReportWriter
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static async Task<IReadOnlyList<string>> WriteAsync(BenchReport report, string directory)
    {
        Directory.CreateDirectory(directory);
        var markdown = MarkdownReport.Render(report);
        var json = JsonSerializer.Serialize(report, Json) + "\n";
        var stamp = report.StartedAt.ToString("yyyy-MM-dd'T'HHmm", System.Globalization.CultureInfo.InvariantCulture);
        var files = new List<string>();
        foreach (var (name, content) in new[] { ("latest.md", markdown), ("latest.json", json), ($"{stamp}.md", markdown), ($"{stamp}.json", json) })
        {
            var path = Path.Combine(directory, name);
            await File.WriteAllTextAsync(path, content);
            files.Add(path);
        }
        return files;
    }

    public static BenchReport Read(string path) =>
        JsonSerializer.Deserialize<BenchReport>(File.ReadAllText(path), Json) ?? throw new InvalidDataException($"{path} is empty");
}
