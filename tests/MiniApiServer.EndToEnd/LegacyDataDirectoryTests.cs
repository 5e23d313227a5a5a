using System.Net;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace MiniApiServer.EndToEnd;

/// <summary>
/// The on-disk format is a promise to every existing installation: a data directory written by an earlier release
/// (Fixtures/legacy-datadir-v1, written by commit b670891 through the HTTP API) must open and serve exactly what that
/// release served. Only HTTP is used, so the check holds whatever the storage layer looks like inside.
/// </summary>
public sealed class LegacyDataDirectoryTests(ITestOutputHelper output)
{
    private static readonly string FixtureDirectory =
        RepositoryRoot.Combine(Path.Combine("tests", "MiniApiServer.EndToEnd", "Fixtures", "legacy-datadir-v1"));

    /// <summary>LiteDB's data file and its write-ahead log (empty: the writing server was stopped gracefully).</summary>
    private static readonly string[] DataFiles = ["miniapiserver.db", "miniapiserver-log.db"];

    /// <summary>A watch ends by itself after its timeoutSeconds=1; this only bounds a server that never ends it.</summary>
    private static readonly TimeSpan WatchDeadline = TimeSpan.FromSeconds(20);

    // Strict decoding: the comparison of strings is then a comparison of the exact bytes.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    [Fact]
    public async Task A_data_dir_written_by_the_previous_release_serves_the_same_objects_versions_and_watch_window()
    {
        var expected = LegacyExpectations.Load(Path.Combine(FixtureDirectory, "expected.json"));
        using var data = new TempDirectory();
        // The server opens its files read-write and checkpoints on stop: the checked-in files are never opened in place.
        foreach (var file in DataFiles)
        {
            File.Copy(Path.Combine(FixtureDirectory, file), data.Combine(file));
        }

        // The data as it was written: no controller or simulator writing over it.
        await using var server = await ServerProcess.StartAsync(data.Path, ["--controllers=namespace", "--pod-simulator=false"]);
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = WatchDeadline };

        foreach (var expectedObject in expected.Objects)
        {
            var (status, body) = await GetAsync(http, expectedObject.Path);
            Assert.True(status == HttpStatusCode.OK, $"GET {expectedObject.Path}: {(int)status} {body}");
            Assert.Equal(expectedObject.Body, body);
        }
        foreach (var path in expected.Absent)
        {
            var (status, _) = await GetAsync(http, path);
            Assert.True(status == HttpStatusCode.NotFound, $"GET {path} of an object deleted before the restart: {(int)status}");
        }
        foreach (var list in expected.Lists)
        {
            var (status, body) = await GetAsync(http, list.Path);
            Assert.True(status == HttpStatusCode.OK, $"GET {list.Path}: {(int)status} {body}");
            var (resourceVersion, items) = Summarize(body);
            Assert.True(list.ResourceVersion == resourceVersion, $"list {list.Path}: resourceVersion {resourceVersion}, expected {list.ResourceVersion}");
            // Items compared as a set: their order is the list's business, not the format's; each body is compared above.
            Assert.Equal(list.Items.Order(StringComparer.Ordinal), items.Order(StringComparer.Ordinal));
        }

        // The watch window restored from disk: the same events, in commit order, including deletions and selector exits.
        var watches = await Task.WhenAll(expected.Watches.Select(w => ReadWatchAsync(http, w.Path)));
        foreach (var (watch, lines) in expected.Watches.Zip(watches))
        {
            Assert.True(watch.Lines.SequenceEqual(lines),
                $"watch {watch.Path}\nexpected:\n{string.Join('\n', watch.Lines)}\nactual:\n{string.Join('\n', lines)}");
        }

        var highest = expected.HighestResourceVersion;
        var created = await CreateAsync(http, "/api/v1/namespaces/legacy/endpoints",
            """{"apiVersion":"v1","kind":"Endpoints","metadata":{"name":"after-upgrade"}}""");
        Assert.True(created > highest, $"a write after reopening got resourceVersion {created}, not above {highest}");
        output.WriteLine($"fixture written by {expected.WrittenBy}: {expected.Objects.Count} objects, {expected.Lists.Count} lists, {expected.Watches.Count} watches from " +
            $"resourceVersion {expected.WatchFrom} matched; the next write got {created} (highest recorded {highest})");
    }

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        return (response.StatusCode, StrictUtf8.GetString(await response.Content.ReadAsByteArrayAsync()));
    }

    private static async Task<long> CreateAsync(HttpClient http, string path, string json)
    {
        using var response = await http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {path}: {(int)response.StatusCode} {body}");
        using var doc = JsonDocument.Parse(body);
        return long.Parse(doc.RootElement.GetProperty("metadata").GetProperty("resourceVersion").GetString()!);
    }

    /// <summary>Every line of a watch stream until the server ends it, failing instead of hanging past the deadline.</summary>
    private static async Task<List<string>> ReadWatchAsync(HttpClient http, string path)
    {
        using var deadline = new CancellationTokenSource(WatchDeadline);
        using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"watch {path}: {(int)response.StatusCode}");
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(deadline.Token), StrictUtf8);
        var lines = new List<string>();
        try
        {
            while (await reader.ReadLineAsync(deadline.Token) is { } line)
            {
                lines.Add(line);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            Assert.Fail($"watch {path} did not end within {WatchDeadline} although it asked for timeoutSeconds=1; read so far:\n{string.Join('\n', lines)}");
        }
        return lines;
    }

    /// <summary>A list's resourceVersion and its items as <c>namespace/name@resourceVersion</c>, as expected.json records them.</summary>
    private static (string ResourceVersion, List<string> Items) Summarize(string listJson)
    {
        using var doc = JsonDocument.Parse(listJson);
        var root = doc.RootElement;
        var items = root.GetProperty("items").EnumerateArray().Select(item =>
        {
            var meta = item.GetProperty("metadata");
            var ns = meta.TryGetProperty("namespace", out var n) ? n.GetString() : "";
            return $"{ns}/{meta.GetProperty("name").GetString()}@{meta.GetProperty("resourceVersion").GetString()}";
        }).ToList();
        return (root.GetProperty("metadata").GetProperty("resourceVersion").GetString()!, items);
    }
}

/// <summary>The answers the writing release gave on its reopened data directory (expected.json, see the fixture's README).</summary>
internal sealed record LegacyExpectations(
    string WrittenBy,
    string WatchFrom,
    long HighestResourceVersion,
    IReadOnlyList<LegacyExpectations.ListAnswer> Lists,
    IReadOnlyList<LegacyExpectations.ObjectAnswer> Objects,
    IReadOnlyList<string> Absent,
    IReadOnlyList<LegacyExpectations.WatchAnswer> Watches)
{
    public static LegacyExpectations Load(string path) =>
        JsonSerializer.Deserialize<LegacyExpectations>(File.ReadAllText(path), new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowReadingFromString,
            RespectRequiredConstructorParameters = true,
            RespectNullableAnnotations = true,
        }) ?? throw new InvalidDataException($"{path} is empty");

    internal sealed record ListAnswer(string Path, string ResourceVersion, IReadOnlyList<string> Items);

    internal sealed record ObjectAnswer(string Path, string Body);

    internal sealed record WatchAnswer(string Path, IReadOnlyList<string> Lines);
}
