using System.Text.Json.Nodes;
using MiniApiServer.Tests.Api;
using MiniApiServer.Tests.Api.Watch;
using static MiniApiServer.Tests.Registry.KindApi;

namespace MiniApiServer.Tests.Registry;

/// <summary>
/// Events over HTTP: core/v1 and events.k8s.io/v1 serve the same stored objects, each with its own form, field labels
/// and validation; watches in either version; the TTL; the simulator's and the allocators' own Events; and namespace
/// deletion.
/// </summary>
public sealed class EventsApiTests
{
    private const string CoreEvents = "/api/v1/namespaces/default/events";
    private const string V1Events = "/apis/events.k8s.io/v1/namespaces/default/events";

    private static string CoreEvent(string name, string reason = "Started", string involved = "p1", string ns = "default") =>
        $$"""
        {"apiVersion":"v1","kind":"Event","metadata":{"name":"{{name}}"},
         "involvedObject":{"kind":"Pod","namespace":"{{ns}}","name":"{{involved}}","uid":"u-{{involved}}","apiVersion":"v1"},
         "reason":"{{reason}}","message":"Started container c","source":{"component":"kubelet","host":"n1"},
         "firstTimestamp":"2026-01-02T03:04:05Z","lastTimestamp":"2026-01-02T03:04:05Z","count":1,"type":"Normal"}
        """;

    private static string V1Event(string name, string extra = "") =>
        $$"""
        {"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"{{name}}"},"eventTime":"2026-01-02T03:04:05.123456Z",
         "reportingController":"default-scheduler","reportingInstance":"default-scheduler-h","action":"Binding","reason":"Scheduled",
         "regarding":{"kind":"Pod","namespace":"default","name":"p1","uid":"u-p1","apiVersion":"v1"},
         "note":"Successfully assigned default/p1 to n1","type":"Normal"{{extra}}}
        """;

    [Fact]
    public async Task A_core_event_is_read_in_both_versions_with_its_fields_converted()
    {
        await using var server = ApiServer.Start();
        var created = await server.CreateAsync(CoreEvents, CoreEvent("e1"));
        Assert.Equal(("v1", "Event", 1), (Str(created["apiVersion"]), Str(created["kind"]), (int)created["count"]!));

        var v1 = await server.GetJsonAsync(V1Events + "/e1");
        Assert.Equal(("events.k8s.io/v1", "Event"), (Str(v1["apiVersion"]), Str(v1["kind"])));
        Assert.Equal(("p1", "Started container c", "kubelet", 1), (Str(v1["regarding"]!["name"]), Str(v1["note"]), Str(v1["deprecatedSource"]!["component"]), (int)v1["deprecatedCount"]!));
        Assert.Equal(("2026-01-02T03:04:05Z", "2026-01-02T03:04:05Z"), (Str(v1["deprecatedFirstTimestamp"]), Str(v1["deprecatedLastTimestamp"])));
        Assert.Null(v1["involvedObject"]);
        Assert.Equal(Str(created["metadata"]!["resourceVersion"]), Str(v1["metadata"]!["resourceVersion"]));
        Assert.Equal(Str(created["metadata"]!["uid"]), Str(v1["metadata"]!["uid"]));

        var list = await server.GetJsonAsync("/apis/events.k8s.io/v1/events");
        Assert.Equal(("EventList", "events.k8s.io/v1"), (Str(list["kind"]), Str(list["apiVersion"])));
        Assert.Equal(["e1"], list["items"]!.AsArray().Select(i => Str(i!["metadata"]!["name"])));
    }

    [Fact]
    public async Task An_events_k8s_io_event_is_stored_once_and_read_as_a_core_event()
    {
        await using var server = ApiServer.Start();
        var created = await server.CreateAsync(V1Events, V1Event("s1"));
        Assert.Equal(("events.k8s.io/v1", "2026-01-02T03:04:05.123456Z"), (Str(created["apiVersion"]), Str(created["eventTime"])));
        var core = await server.GetJsonAsync(CoreEvents + "/s1");
        Assert.Equal(("default-scheduler", "Successfully assigned default/p1 to n1", "p1"),
            (Str(core["reportingComponent"]), Str(core["message"]), Str(core["involvedObject"]!["name"])));
        Assert.Equal("2026-01-02T03:04:05.123456Z", Str(core["eventTime"]));

        // Updated in one version, seen in the other; deleted in the other, gone from both.
        await HttpAssert.Json(await server.PatchAsync(CoreEvents + "/s1", """{"metadata":{"labels":{"a":"b"}}}"""), 200);
        Assert.Equal("b", Str((await server.GetJsonAsync(V1Events + "/s1"))["metadata"]!["labels"]!["a"]));
        var deleted = await HttpAssert.Json(await server.DeleteAsync(V1Events + "/s1"), 200);
        Assert.Equal("events.k8s.io/v1", Str(deleted["apiVersion"]));
        Assert.Equal(404, await StatusOf(server, CoreEvents + "/s1"));
        await HttpAssert.Status(await server.GetAsync(V1Events + "/s1"), 404, "NotFound", "events.events.k8s.io \"s1\" not found");
    }

    [Fact]
    public async Task A_patch_in_events_k8s_io_applies_to_that_form_and_is_validated_strictly()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(V1Events, V1Event("s1"));
        await Invalid(await server.PatchAsync(V1Events + "/s1", """{"note":"changed"}"""), "Event", "s1",
            "message: Invalid value: \"changed\": field is immutable");
        await HttpAssert.Json(await server.PatchAsync(V1Events + "/s1", """{"series":{"count":2,"lastObservedTime":"2026-01-02T03:05:00.000000Z"}}"""), 200);
        Assert.Equal(2, (int)(await server.GetJsonAsync(CoreEvents + "/s1"))["series"]!["count"]!);
        // The same change through core/v1 only has the legacy rules.
        var core = await HttpAssert.Json(await server.PatchAsync(CoreEvents + "/s1", """{"message":"changed"}"""), 200);
        Assert.Equal("changed", Str(core["message"]));
    }

    [Fact]
    public async Task Events_k8s_io_creates_need_what_new_events_need()
    {
        await using var server = ApiServer.Start();
        // Without an eventTime the legacy rules see an old-style event; the strict ones want it and a type.
        await Invalid(await server.PostAsync(V1Events, """{"metadata":{"name":"x"},"regarding":{"namespace":"default"}}"""), "Event", "x",
            "[eventTime: Required value, type: Invalid value: \"\": has invalid value: ]");
        await Invalid(await server.PostAsync(V1Events, V1Event("x", ""","deprecatedCount":3,"deprecatedSource":{"component":"c"}""")), "Event", "x",
            "[count: Invalid value: \"\": needs to be unset, source: Invalid value: \"\": needs to be unset]");
        await Invalid(await server.PostAsync(V1Events, V1Event("X_1")), "Event", "X_1",
            "metadata.name: Invalid value: \"X_1\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', " +
            "and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is " +
            "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
    }

    [Fact]
    public async Task Core_events_keep_the_legacy_rules_only()
    {
        await using var server = ApiServer.Start();
        // Any path-segment name, and no reporting fields: an old-style event.
        await server.CreateAsync(CoreEvents, CoreEvent("Pod_1.abc"));
        await Invalid(await server.PostAsync(CoreEvents, CoreEvent("e2", ns: "other")), "Event", "e2",
            "involvedObject.namespace: Invalid value: \"other\": does not match event.namespace");
        // With an eventTime it is a new-style event and must say who reported it.
        var status = await HttpAssert.Status(await server.PostAsync(CoreEvents,
            """{"metadata":{"name":"e3"},"eventTime":"2026-01-02T03:04:05.000000Z","involvedObject":{"namespace":"default"}}"""), 422, "Invalid");
        Assert.Equal(
            ["FieldValueRequired reportingController", "FieldValueInvalid reportingController", "FieldValueInvalid reportingController",
                "FieldValueRequired reportingInstance", "FieldValueRequired action", "FieldValueRequired reason"],
            status["details"]!["causes"]!.AsArray().Select(c => $"{Str(c!["reason"])} {Str(c["field"])}"));
    }

    [Fact]
    public async Task Field_selectors_use_each_versions_names_for_the_same_fields()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(CoreEvents, CoreEvent("a", involved: "p1"));
        await server.CreateAsync(CoreEvents, CoreEvent("b", involved: "p2", reason: "Pulled"));
        await server.CreateAsync(V1Events, V1Event("c"));

        async Task<List<string?>> Names(string path) =>
            [.. (await server.GetJsonAsync(path))["items"]!.AsArray().Select(i => Str(i!["metadata"]!["name"]))];

        // What kubectl describe sends.
        Assert.Equal(["a", "c"], await Names(CoreEvents + "?fieldSelector=involvedObject.name%3Dp1%2CinvolvedObject.namespace%3Ddefault%2CinvolvedObject.uid%3Du-p1&limit=500"));
        Assert.Equal(["a", "b"], await Names(CoreEvents + "?fieldSelector=involvedObject.kind%3DPod%2Csource%3Dkubelet"));
        Assert.Equal(["c"], await Names(CoreEvents + "?fieldSelector=source%3Ddefault-scheduler"));
        Assert.Equal(["c"], await Names(CoreEvents + "?fieldSelector=reportingComponent%3Ddefault-scheduler"));
        Assert.Equal(["b"], await Names(CoreEvents + "?fieldSelector=reason%3DPulled,type%3DNormal"));
        Assert.Equal(["a", "c"], await Names(V1Events + "?fieldSelector=regarding.name%3Dp1"));
        Assert.Equal(["c"], await Names(V1Events + "?fieldSelector=reportingController%3Ddefault-scheduler"));
        await HttpAssert.Status(await server.GetAsync(V1Events + "?fieldSelector=involvedObject.name%3Dp1"), 400, "BadRequest", "field label not supported: involvedObject.name");
        await HttpAssert.Status(await server.GetAsync(CoreEvents + "?fieldSelector=regarding.name%3Dp1"), 400, "BadRequest", "field label not supported: regarding.name");
    }

    [Fact]
    public async Task A_watch_in_either_version_sees_writes_in_the_other_in_its_own_form()
    {
        await using var server = ApiServer.Start();
        await using var v1 = await WatchStream.OpenAsync(server, V1Events + "?watch=true&fieldSelector=regarding.name%3Dp1");
        await using var core = await WatchStream.OpenAsync(server, CoreEvents + "?watch=true");
        await server.CreateAsync(CoreEvents, CoreEvent("a"));
        await server.CreateAsync(V1Events, V1Event("b"));

        var seenV1 = await v1.TakeAsync(2);
        Assert.Equal(["ADDED a", "ADDED b"], seenV1.Select(e => e.Summary()));
        Assert.All(seenV1, e => Assert.Equal("events.k8s.io/v1", Str(e.Object()["apiVersion"])));
        Assert.Equal("Started container c", Str(seenV1[0].Object()["note"]));
        var seenCore = await core.TakeAsync(2);
        Assert.Equal(["ADDED a", "ADDED b"], seenCore.Select(e => e.Summary()));
        Assert.Equal("Successfully assigned default/p1 to n1", Str(seenCore[1].Object()["message"]));
    }

    [Fact]
    public async Task Events_expire_their_ttl_after_their_last_write()
    {
        await using var server = ApiServer.Start(settings: new Dictionary<string, string> { ["event-ttl"] = "2s" });
        await server.CreateAsync(CoreEvents, CoreEvent("old"));
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        await server.CreateAsync(CoreEvents, CoreEvent("young"));
        await HttpAssert.Json(await server.PatchAsync(CoreEvents + "/old", """{"count":2}"""), 200);
        // "old" was written again: both now live two seconds from their last write.
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        Assert.Equal(200, await StatusOf(server, CoreEvents + "/old"));
        await Eventually(async () => await StatusOf(server, CoreEvents + "/young") == 404, TimeSpan.FromSeconds(5), "young to expire");
        await Eventually(async () => await StatusOf(server, CoreEvents + "/old") == 404, TimeSpan.FromSeconds(5), "old to expire");
    }

    [Fact]
    public async Task The_ttl_survives_a_restart_from_what_the_events_say()
    {
        var dir = Path.Combine(Path.GetTempPath(), "miniapiserver-tests", Guid.NewGuid().ToString("N"));
        var ttl = new Dictionary<string, string> { ["event-ttl"] = "1h" };
        await using (var first = ApiServer.Start(dir, ttl))
        {
            await first.CreateAsync(CoreEvents, CoreEvent("stale"));
            await first.CreateAsync(CoreEvents, CoreEvent("fresh").Replace("2026-01-02T03:04:05Z", DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture)));
        }
        // Restarted with a TTL that "stale" outlived while "fresh" has not.
        await using var second = ApiServer.Start(dir, new Dictionary<string, string> { ["event-ttl"] = "3s" });
        try
        {
            Assert.Equal(200, await StatusOf(second, CoreEvents + "/fresh"));
            await Eventually(async () => await StatusOf(second, CoreEvents + "/fresh") == 404, TimeSpan.FromSeconds(10), "fresh to expire");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task The_pod_simulator_records_what_the_scheduler_and_kubelet_record()
    {
        await using var server = ApiServer.Start(settings: new Dictionary<string, string> { ["pod-simulator"] = "true" });
        var pod = await server.CreateAsync("/api/v1/namespaces/default/pods",
            """{"metadata":{"name":"web"},"spec":{"containers":[{"name":"nginx","image":"nginx:1.27"}]}}""");
        var uid = Str(pod["metadata"]!["uid"]);
        var path = CoreEvents + $"?fieldSelector=involvedObject.name%3Dweb%2CinvolvedObject.namespace%3Ddefault%2CinvolvedObject.uid%3D{uid}";
        JsonArray items = [];
        await Eventually(async () => (items = (await server.GetJsonAsync(path))["items"]!.AsArray()).Count == 4, TimeSpan.FromSeconds(10), "four events");
        var rows = items.Select(i => (Str(i!["reason"]), Str(i["message"]), Str(i["source"]?["component"]) ?? Str(i["reportingComponent"]))).ToList();
        Assert.Contains(("Scheduled", "Successfully assigned default/web to miniapiserver-node", "default-scheduler"), rows);
        Assert.Contains(("Pulled", "Container image \"nginx:1.27\" already present on machine", "kubelet"), rows);
        Assert.Contains(("Created", "Created container: nginx", "kubelet"), rows);
        Assert.Contains(("Started", "Started container nginx", "kubelet"), rows);
        var started = items.Single(i => Str(i!["reason"]) == "Started")!;
        Assert.Equal(("spec.containers{nginx}", "miniapiserver-node", 1), (Str(started["involvedObject"]!["fieldPath"]), Str(started["source"]!["host"]), (int)started["count"]!));
        Assert.StartsWith("web.", Str(started["metadata"]!["name"]));
        var scheduled = items.Single(i => Str(i!["reason"]) == "Scheduled")!;
        Assert.Equal(("Binding", null), (Str(scheduled["action"]), Str(scheduled["firstTimestamp"])));
        Assert.NotNull(Str(scheduled["eventTime"]));
    }

    [Fact]
    public async Task A_service_whose_cluster_ip_the_range_no_longer_holds_gets_the_repair_controllers_warning()
    {
        var dir = Path.Combine(Path.GetTempPath(), "miniapiserver-tests", Guid.NewGuid().ToString("N"));
        string? uid;
        await using (var first = ApiServer.Start(dir))
        {
            var svc = await first.CreateAsync("/api/v1/namespaces/default/services",
                """{"metadata":{"name":"web"},"spec":{"clusterIP":"10.96.0.50","ports":[{"port":80}]}}""");
            uid = Str(svc["metadata"]!["uid"]);
        }
        await using var second = ApiServer.Start(dir, new Dictionary<string, string> { ["service-cluster-ip-range"] = "10.100.0.0/16" });
        try
        {
            var path = CoreEvents + $"?fieldSelector=involvedObject.name%3Dweb%2CinvolvedObject.namespace%3Ddefault%2CinvolvedObject.kind%3DService%2CinvolvedObject.uid%3D{uid}";
            JsonArray items = [];
            await Eventually(async () => (items = (await second.GetJsonAsync(path))["items"]!.AsArray()).Count == 1, TimeSpan.FromSeconds(10), "the warning");
            var e = items[0]!;
            Assert.Equal(("Warning", "ClusterIPOutOfRange", "ClusterIPAllocation", "ipallocator-repair-controller"),
                (Str(e["type"]), Str(e["reason"]), Str(e["action"]), Str(e["reportingComponent"])));
            Assert.Equal("Cluster IP [IPv4]: 10.96.0.50 is not within any configured Service CIDR; please recreate service", Str(e["message"]));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Deleting_a_namespace_removes_its_events()
    {
        await using var server = ApiServer.Start();
        await server.CreateNamespaceAsync("team");
        await server.CreateAsync("/api/v1/namespaces/team/events", CoreEvent("e1", ns: "team"));
        await HttpAssert.Json(await server.DeleteAsync("/api/v1/namespaces/team"), 200);
        await Eventually(async () => await StatusOf(server, "/api/v1/namespaces/team") == 404, TimeSpan.FromSeconds(10), "the namespace to go");
        Assert.Equal(404, await StatusOf(server, "/api/v1/namespaces/team/events/e1"));
    }
}
