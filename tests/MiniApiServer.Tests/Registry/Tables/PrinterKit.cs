using System.Text.Json;
using MiniApiServer.Machinery;
using MiniApiServer.Registry.Tables;

namespace MiniApiServer.Tests.Registry.Tables;

/// <summary>Objects for the printer tests, written as JSON (as they are stored), and a fixed clock.</summary>
internal static class PrinterKit
{
    public static readonly DateTime Now = new(2025, 6, 1, 12, 0, 0, DateTimeKind.Utc);

    /// <summary>A creationTimestamp <paramref name="ago"/> before <see cref="Now"/>, as JSON text.</summary>
    public static string Ago(TimeSpan ago) => (Now - ago).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public static T Decode<T>(string json) => JsonSerializer.Deserialize<T>(json, KubernetesJsonOptions.Default)!;

    /// <summary>The cells as written at <see cref="Now"/>, every one a string.</summary>
    public static List<string> Strings(this PrintedRow row) => [.. row.Render(Now).Select(c => Assert.IsType<string>(c))];

    /// <summary>Cells by column name (the name of each column of <paramref name="printer"/>).</summary>
    public static Dictionary<string, object> ByColumn(this ITablePrinter printer, PrintedRow row) =>
        printer.Columns.Zip(row.Render(Now)).ToDictionary(x => x.First.Name, x => x.Second);
}
