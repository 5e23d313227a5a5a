using System.Text.Json.Nodes;
using MiniApiServer.Tests.Api.Watch;

namespace MiniApiServer.Tests.Api.Tables;

/// <summary>
/// <c>Accept: …;as=Table</c> on get, list and watch (handlers/response.go asTable; kubectl-wire.md §5 and §10): the kind's
/// columns, one row per object, each row's object per <c>includeObject</c>, paging in the Table's metadata.
/// </summary>
public sealed class TableApiTests
{
    private static async Task<JsonObject> GetTableAsync(ApiServer server, string path, string accept = TableKit.Table) =>
        await HttpAssert.Json(await server.SendAsync(HttpMethod.Get, path, null, "application/json", accept), 200);

    [Fact]
    public async Task A_list_of_services_is_a_table_of_upstreams_columns_with_metadata_rows()
    {
        await using var server = ApiServer.Start();
        var created = await server.CreateAsync(ApiTestKit.Services, Manifests.Service("web", """{"app":"web"}""", "\"selector\":{\"app\":\"web\"},"));
        var table = await GetTableAsync(server, ApiTestKit.Services, TableKit.Kubectl);

        Assert.Equal("Table", (string)table["kind"]!);
        Assert.Equal("meta.k8s.io/v1", (string)table["apiVersion"]!);
        Assert.True(long.Parse((string)table["metadata"]!["resourceVersion"]!, System.Globalization.CultureInfo.InvariantCulture) >= created.RvNumber());
        Assert.Equal(["Name", "Type", "Cluster-IP", "External-IP", "Port(s)", "Age", "Selector"], table.ColumnNames());
        Assert.Equal([0, 0, 0, 0, 0, 0, 1], table["columnDefinitions"]!.AsArray().Select(c => (int)c!["priority"]!));
        Assert.Equal(["kubernetes", "web"], table.Names());

        var web = table.Rows()[1]!;
        var cells = web.Cells();
        Assert.Equal("ClusterIP", cells[1]);
        Assert.StartsWith("10.", cells[2], StringComparison.Ordinal);
        Assert.Equal(["<none>", "80/TCP"], cells[3..5]);
        Assert.Matches("^[0-9]+s$", cells[5]);
        Assert.Equal("app=web", cells[6]);

        var partial = web["object"]!.AsObject();
        Assert.Equal("PartialObjectMetadata", (string)partial["kind"]!);
        Assert.Equal("meta.k8s.io/v1", (string)partial["apiVersion"]!);
        Assert.Equal("default", (string)partial["metadata"]!["namespace"]!);
        Assert.Equal("web", (string)partial["metadata"]!["labels"]!["app"]!);
        Assert.NotNull(partial["metadata"]!["uid"]);
        Assert.Null(partial["spec"]);
    }

    [Fact]
    public async Task A_v1beta1_table_is_answered_with_that_api_version_down_to_its_rows()
    {
        await using var server = ApiServer.Start();
        var table = await GetTableAsync(server, ApiTestKit.Services, TableKit.TableV1Beta1);
        Assert.Equal("meta.k8s.io/v1beta1", (string)table["apiVersion"]!);
        Assert.Equal("meta.k8s.io/v1beta1", (string)table.Rows()[0]!["object"]!["apiVersion"]!);
    }

    [Fact]
    public async Task Getting_one_object_as_a_table_is_one_row_with_the_objects_version()
    {
        await using var server = ApiServer.Start();
        var created = await server.CreateAsync(ApiTestKit.Services, Manifests.Service("web"));
        var table = await GetTableAsync(server, ApiTestKit.Services + "/web");
        Assert.Equal(created.Rv(), (string)table["metadata"]!["resourceVersion"]!);
        Assert.Equal(["web"], table.Names());
        Assert.Equal(7, table.ColumnNames().Count);
    }

    [Fact]
    public async Task Include_object_none_leaves_the_object_null_and_object_gives_the_whole_object()
    {
        await using var server = ApiServer.Start();
        var none = await GetTableAsync(server, ApiTestKit.Services + "?includeObject=None");
        Assert.True(none.Rows()[0]!.AsObject().TryGetPropertyValue("object", out var nothing));
        Assert.Null(nothing);

        var whole = await GetTableAsync(server, ApiTestKit.Services + "/kubernetes?includeObject=Object");
        var obj = whole.Rows()[0]!["object"]!;
        Assert.Equal("Service", (string)obj["kind"]!);
        Assert.Equal("v1", (string)obj["apiVersion"]!);
        Assert.Equal("10.96.0.1", (string)obj["spec"]!["clusterIP"]!);
    }

    [Fact]
    public async Task An_unknown_include_object_is_upstreams_400()
    {
        await using var server = ApiServer.Start();
        var response = await server.SendAsync(HttpMethod.Get, ApiTestKit.Services + "?includeObject=All", null, "application/json", TableKit.Table);
        await HttpAssert.Status(response, 400, "BadRequest",
            "Unable to convert to Table as requested: includeObject: Invalid value: \"All\": must be 'Metadata', 'Object', 'None', or empty");
    }

    [Fact]
    public async Task A_paged_table_carries_continue_and_the_remaining_count()
    {
        await using var server = ApiServer.Start();
        foreach (var name in new[] { "a", "b", "c" })
        {
            await server.CreateAsync(ApiTestKit.Services, Manifests.Service(name));
        }
        var first = await GetTableAsync(server, ApiTestKit.Services + "?limit=2");
        Assert.Equal(["a", "b"], first.Names());
        Assert.Equal(2, (long)first["metadata"]!["remainingItemCount"]!);
        var token = (string)first["metadata"]!["continue"]!;

        var second = await GetTableAsync(server, ApiTestKit.Services + "?limit=2&continue=" + Uri.EscapeDataString(token));
        Assert.Equal(["c", "kubernetes"], second.Names());
        Assert.Null(second["metadata"]!["continue"]);
        Assert.Equal(first["metadata"]!["resourceVersion"]!.ToString(), second["metadata"]!["resourceVersion"]!.ToString());
    }

    [Fact]
    public async Task An_empty_list_is_a_table_with_columns_and_no_rows()
    {
        await using var server = ApiServer.Start();
        var table = await GetTableAsync(server, ApiTestKit.Pods);
        Assert.Equal(9, table.ColumnNames().Count);
        Assert.Empty(table.Rows());
    }

    [Fact]
    public async Task Every_served_kind_answers_a_table()
    {
        await using var server = ApiServer.Start();
        string[] paths =
        [
            "/api/v1/namespaces", "/api/v1/nodes", ApiTestKit.Pods, ApiTestKit.EndpointsPath, ApiTestKit.Services,
            "/apis/coordination.k8s.io/v1/leases", "/apis/discovery.k8s.io/v1/endpointslices",
            "/apis/networking.k8s.io/v1/servicecidrs", "/apis/networking.k8s.io/v1/ipaddresses",
        ];
        foreach (var path in paths)
        {
            var table = await GetTableAsync(server, path);
            Assert.Equal("Table", (string)table["kind"]!);
            Assert.Equal("Name", table.ColumnNames()[0]);
        }
        var namespaces = await GetTableAsync(server, "/api/v1/namespaces");
        Assert.Contains(namespaces.Rows(), r => r!.Cells()[0] == "default" && r!.Cells()[1] == "Active");
        var cidrs = await GetTableAsync(server, "/apis/networking.k8s.io/v1/servicecidrs");
        Assert.Equal(["Name", "CIDRs", "Age"], cidrs.ColumnNames());
    }

    [Fact]
    public async Task A_table_is_written_as_yaml_when_asked()
    {
        await using var server = ApiServer.Start();
        var response = await server.SendAsync(HttpMethod.Get, ApiTestKit.Services + "?includeObject=None", null, "application/json",
            "application/yaml;as=Table;v=v1;g=meta.k8s.io");
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("application/yaml", response.Content.Headers.ContentType!.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("apiVersion: meta.k8s.io/v1\n", text, StringComparison.Ordinal);
        Assert.Contains("kind: Table\n", text, StringComparison.Ordinal);
        Assert.Contains("- kubernetes\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_write_answers_in_the_conversion_asked_for()
    {
        await using var server = ApiServer.Start();
        var response = await server.SendAsync(HttpMethod.Post, ApiTestKit.Services, Manifests.Service("web"), "application/json", TableKit.Table);
        var table = await HttpAssert.Json(response, 201);
        Assert.Equal(["web"], table.Names());
    }

    [Fact]
    public async Task A_finished_pods_row_carries_the_completed_condition()
    {
        await using var server = ApiServer.Start(settings: new Dictionary<string, string> { ["pod-simulator"] = "false" });
        await server.CreateAsync(ApiTestKit.Pods, Manifests.Pod("job"));
        var status = await server.SendAsync(HttpMethod.Patch, ApiTestKit.Pods + "/job/status", """{"status":{"phase":"Succeeded"}}""", "application/merge-patch+json");
        Assert.Equal(200, (int)status.StatusCode);
        var row = (await GetTableAsync(server, ApiTestKit.Pods + "/job")).Rows()[0]!;
        Assert.Equal("Succeeded", row.Cells()[2]);
        var condition = row["conditions"]!.AsArray().Single()!;
        Assert.Equal("""{"type":"Completed","status":"True","reason":"Succeeded","message":"The pod has completed successfully."}""", condition.ToJsonString());
    }

    [Fact]
    public async Task A_watch_sends_one_row_tables_with_the_columns_only_in_the_first_event()
    {
        await using var server = ApiServer.Start();
        var from = server.Revision();
        await using var watch = await WatchStream.OpenAsync(server, $"{ApiTestKit.Services}?watch=true&resourceVersion={from}&includeObject=None", TableKit.Kubectl);
        Assert.Equal("application/json", watch.Response.Content.Headers.ContentType!.MediaType);
        await server.CreateAsync(ApiTestKit.Services, Manifests.Service("a"));
        await server.CreateAsync(ApiTestKit.Services, Manifests.Service("b"));
        var events = await watch.TakeAsync(2);

        Assert.All(events, e => Assert.Equal("ADDED", (string)e["type"]!));
        var first = events[0]["object"]!.AsObject();
        var second = events[1]["object"]!.AsObject();
        Assert.Equal("Table", (string)first["kind"]!);
        Assert.Equal(7, first.ColumnNames().Count);
        Assert.True(second.TryGetPropertyValue("columnDefinitions", out var columns));
        Assert.Null(columns);
        Assert.Equal(["a"], first.Names());
        Assert.Equal(["b"], second.Names());
        Assert.Null(second.Rows()[0]!["object"]);
        Assert.NotNull(second["metadata"]!["resourceVersion"]);
    }

    [Fact]
    public async Task A_table_watch_prints_bookmarks_as_rows_of_their_nearly_empty_object()
    {
        await using var server = ApiServer.Start(settings: new Dictionary<string, string> { ["watch-bookmark-interval-seconds"] = "0.2" });
        await using var watch = await WatchStream.OpenAsync(server,
            $"{ApiTestKit.Services}?watch=true&resourceVersion={server.Revision()}&allowWatchBookmarks=true", TableKit.Table);
        var bookmark = await watch.ExpectAsync();
        Assert.Equal("BOOKMARK", (string)bookmark["type"]!);
        var table = bookmark["object"]!.AsObject();
        Assert.Equal("Table", (string)table["kind"]!);
        Assert.Equal(7, table.ColumnNames().Count);
        var row = table.Rows().Single()!;
        Assert.Equal(["", "", "<none>", "<unknown>", "<none>", "<unknown>", "<none>"], row.Cells());
        Assert.Equal(table["metadata"]!["resourceVersion"]!.ToString(), row["object"]!["metadata"]!["resourceVersion"]!.ToString());
    }

    [Fact]
    public async Task A_table_watch_with_a_bad_include_object_fails_before_the_stream()
    {
        await using var server = ApiServer.Start();
        var response = await server.SendAsync(HttpMethod.Get, ApiTestKit.Services + "?watch=true&includeObject=x", null, "application/json", TableKit.Table);
        await HttpAssert.Status(response, 400, "BadRequest");
    }
}
