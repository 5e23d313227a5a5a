using System.Globalization;

namespace MiniApiServer.Bench;

/// <summary>The command line: <c>[--scenarios a,b] [--quick] [--server URL] [--out DIR] [--duration SECONDS]</c>.</summary>
internal sealed record BenchOptions(IReadOnlyList<string> Scenarios, bool Quick, Uri? Server, string OutputDirectory, TimeSpan Duration)
{
    public static readonly string[] AllScenarios = ["create", "get", "list", "table", "update", "mixed", "restart", "watch", "endpoints"];

    public bool Runs(string scenario) => Scenarios.Contains(scenario);

    /// <summary>The dataset sizes: the in a full run, small ones that finish in seconds with <c>--quick</c>.</summary>
    public BenchSizes Sizes => Quick ? BenchSizes.Quick : BenchSizes.Full;

    /// <summary>The mixed scenario runs three measurement periods (30 s by default, as the issue asks).</summary>
    public TimeSpan MixedDuration => Duration * 3;

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var scenarios = AllScenarios.ToList();
        var quick = false;
        Uri? server = null;
        string? output = null;
        TimeSpan? duration = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    quick = true;
                    break;
                case "--scenarios":
                    scenarios = [.. Value(args, ref i).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
                    foreach (var unknown in scenarios.Where(s => !AllScenarios.Contains(s)))
                    {
                        throw new ArgumentException($"unknown scenario \"{unknown}\"; known: {string.Join(",", AllScenarios)}");
                    }
                    break;
                case "--server":
                    var text = Value(args, ref i);
                    server = Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                        ? uri
                        : throw new ArgumentException($"--server needs an http(s) URL, got \"{text}\"");
                    break;
                case "--out":
                    output = Path.GetFullPath(Value(args, ref i));
                    break;
                case "--duration":
                    var seconds = Value(args, ref i);
                    duration = double.TryParse(seconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0
                        ? TimeSpan.FromSeconds(s)
                        : throw new ArgumentException($"--duration needs a positive number of seconds, got \"{seconds}\"");
                    break;
                default:
                    throw new ArgumentException($"unknown argument \"{args[i]}\"; usage: {Usage}");
            }
        }
        return new BenchOptions(scenarios, quick, server, output ?? DefaultOutputDirectory(),
            duration ?? (quick ? TimeSpan.FromSeconds(0.5) : TimeSpan.FromSeconds(10)));
    }

    public const string Usage =
        "dotnet run -c Release --project bench/MiniApiServer.Bench -- [--scenarios create,get,list,table,update,mixed,restart,watch,endpoints] [--quick] [--server URL] [--out DIR] [--duration SECONDS]";

    private static string Value(IReadOnlyList<string> args, ref int i) =>
        ++i < args.Count ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value");

    /// <summary><c>bench/results</c> of the checkout the bench was built from: the nearest folder holding the solution.</summary>
    private static string DefaultOutputDirectory()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "MiniApiServer.sln")))
                {
                    return Path.Combine(dir.FullName, "bench", "results");
                }
            }
        }
        throw new ArgumentException("no MiniApiServer.sln above the working directory or the bench; give --out DIR");
    }
}

/// <summary>How many objects each scenario uses. The list, update and mixed scenarios share one dataset of Services.</summary>
internal sealed record BenchSizes(int[] CreateCounts, int Services, int Pods, int RestartObjects)
{
    /// <summary>The clients of the create levels, matching <see cref="CreateCounts"/>.</summary>
    public static readonly int[] CreateClients = [1, 16, 64];

    public static readonly BenchSizes Full = new([5_000, 10_000, 20_000], 10_000, 50_000, 100_000);

    public static readonly BenchSizes Quick = new([100, 200, 400], 500, 1_000, 3_000);
}
