using System.Globalization;
using System.Text.Json.Nodes;
using static MiniApiServer.Tests.Registry.KindApi;

namespace MiniApiServer.Tests.Registry;

/// <summary>Pods over HTTP: the create strategy, validation, update restrictions, the status subresource and graceful deletion.</summary>
public sealed class PodsApiTests
{
    private const string Pods = "/api/v1/namespaces/default/pods";

    private const string UpdateForbidden =
        "spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n";

    private static string Pod(string name = "p", string? nodeName = null, string containers = """[{"name":"app","image":"nginx:1.27"}]""", string extraSpec = "", string extraMeta = "")
    {
        var node = nodeName is null ? "" : $$""","nodeName":"{{nodeName}}" """;
        return $$$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}"{{{extraMeta}}}},"spec":{"containers":{{{containers}}}{{{node}}}{{{extraSpec}}}}}""";
    }

    private static async Task<JsonObject> Create(ApiServer server, string body) => await HttpAssert.Json(await server.PostAsync(Pods, body), 201);

    private static DateTime Time(JsonNode? node) =>
        DateTime.Parse(Str(node)!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    private static async Task<JsonObject> SetStatus(ApiServer server, string name, string status)
    {
        var pod = await HttpAssert.Json(await server.GetAsync($"{Pods}/{name}"), 200);
        pod["status"] = JsonNode.Parse(status);
        return await HttpAssert.Json(await server.PutAsync($"{Pods}/{name}/status", pod.ToJsonString()), 200);
    }

    [Fact]
    public async Task Create_resets_the_status_to_pending_with_the_qos_class()
    {
        await using var server = ApiServer.Start();
        var body = JsonNode.Parse(Pod())!.AsObject();
        body["status"] = JsonNode.Parse("""{"phase":"Running","podIP":"10.244.0.5","conditions":[{"type":"Ready","status":"True"}]}""");
        var created = await HttpAssert.Json(await server.PostAsync(Pods, body.ToJsonString()), 201);
        AssertJson("""{"phase":"Pending","qosClass":"BestEffort"}""", created["status"]!);
        Assert.Equal(1, (long?)created["metadata"]!["generation"]);
        var stored = await HttpAssert.Json(await server.GetAsync(Pods + "/p"), 200);
        Assert.Equal(created.ToJsonString(), stored.ToJsonString());
    }

    [Theory]
    [InlineData("""{"requests":{"cpu":"100m","memory":"64Mi"},"limits":{"cpu":"100m","memory":"64Mi"}}""", "Guaranteed")]
    [InlineData("""{"limits":{"cpu":"100m","memory":"64Mi"}}""", "Guaranteed")]
    [InlineData("""{"requests":{"cpu":"100m"}}""", "Burstable")]
    public async Task Qos_class_follows_the_resources(string resources, string qosClass)
    {
        await using var server = ApiServer.Start();
        var created = await Create(server, Pod(containers: $$"""[{"name":"app","image":"nginx:1.27","resources":{{resources}}}]"""));
        Assert.Equal(qosClass, Str(created["status"]!["qosClass"]));
    }

    [Fact]
    public async Task Limits_without_requests_become_the_requests()
    {
        await using var server = ApiServer.Start();
        var created = await Create(server, Pod(containers: """[{"name":"app","image":"nginx:1.27","resources":{"limits":{"cpu":"100m","memory":"64Mi"}}}]"""));
        AssertJson("""{"cpu":"100m","memory":"64Mi"}""", created["spec"]!["containers"]![0]!["resources"]!["requests"]!);
    }

    [Fact]
    public async Task Create_stores_the_pod_spec_defaults()
    {
        await using var server = ApiServer.Start();
        var created = await Create(server, Pod(containers: """[{"name":"app","image":"nginx:1.27","ports":[{"containerPort":80}]},{"name":"side","image":"busybox"}]"""));
        var spec = created["spec"]!;
        Assert.Equal("Always", Str(spec["restartPolicy"]));
        Assert.Equal("ClusterFirst", Str(spec["dnsPolicy"]));
        Assert.Equal(30, (long?)spec["terminationGracePeriodSeconds"]);
        Assert.Equal("default-scheduler", Str(spec["schedulerName"]));
        Assert.Equal("{}", spec["securityContext"]!.ToJsonString());
        Assert.True((bool?)spec["enableServiceLinks"]);
        var app = spec["containers"]![0]!;
        Assert.Equal("IfNotPresent", Str(app["imagePullPolicy"]));
        Assert.Equal("/dev/termination-log", Str(app["terminationMessagePath"]));
        Assert.Equal("File", Str(app["terminationMessagePolicy"]));
        Assert.Equal("{}", app["resources"]!.ToJsonString());
        AssertJson("""[{"containerPort":80,"protocol":"TCP"}]""", app["ports"]!);
        Assert.Equal("Always", Str(spec["containers"]![1]!["imagePullPolicy"]));
    }

    [Fact]
    public async Task Containers_are_required()
    {
        await using var server = ApiServer.Start();
        await Invalid(await server.PostAsync(Pods, Pod(containers: "[]")), "Pod", "p", "spec.containers: Required value");
    }

    [Fact]
    public async Task Image_is_required()
    {
        await using var server = ApiServer.Start();
        await Invalid(await server.PostAsync(Pods, Pod(containers: """[{"name":"app"}]""")), "Pod", "p", "spec.containers[0].image: Required value");
    }

    [Fact]
    public async Task Container_names_must_be_unique()
    {
        await using var server = ApiServer.Start();
        await Invalid(await server.PostAsync(Pods, Pod(containers: """[{"name":"app","image":"a"},{"name":"app","image":"b"}]""")),
            "Pod", "p", "spec.containers[1].name: Duplicate value: \"app\"");
    }

    [Fact]
    public async Task Container_name_is_required()
    {
        await using var server = ApiServer.Start();
        await Invalid(await server.PostAsync(Pods, Pod(containers: """[{"image":"a"}]""")), "Pod", "p", "spec.containers[0].name: Required value");
    }

    [Fact]
    public async Task Container_port_zero_is_required()
    {
        await using var server = ApiServer.Start();
        await Invalid(await server.PostAsync(Pods, Pod(containers: """[{"name":"app","image":"a","ports":[{"containerPort":0}]}]""")),
            "Pod", "p", "spec.containers[0].ports[0].containerPort: Required value");
    }

    [Fact]
    public async Task Container_port_out_of_range_is_invalid()
    {
        await using var server = ApiServer.Start();
        await Invalid(await server.PostAsync(Pods, Pod(containers: """[{"name":"app","image":"a","ports":[{"containerPort":70000}]}]""")),
            "Pod", "p", "spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive");
    }

    [Fact]
    public async Task Container_port_protocol_must_be_supported()
    {
        await using var server = ApiServer.Start();
        await Invalid(await server.PostAsync(Pods, Pod(containers: """[{"name":"app","image":"a","ports":[{"containerPort":80,"protocol":"ICMP"}]}]""")),
            "Pod", "p", "spec.containers[0].ports[0].protocol: Unsupported value: \"ICMP\": supported values: \"SCTP\", \"TCP\", \"UDP\"");
    }

    [Fact]
    public async Task Container_port_names_are_IANA_service_names()
    {
        await using var server = ApiServer.Start();
        await Invalid(await server.PostAsync(Pods, Pod(containers: """[{"name":"app","image":"a","ports":[{"name":"Http_X","containerPort":80}]}]""")),
            "Pod", "p", "spec.containers[0].ports[0].name: Invalid value: \"Http_X\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
    }

    [Fact]
    public async Task Container_port_names_are_unique_within_a_container()
    {
        await using var server = ApiServer.Start();
        var containers = """[{"name":"app","image":"a","ports":[{"name":"http","containerPort":80},{"name":"http","containerPort":81}]}]""";
        await Invalid(await server.PostAsync(Pods, Pod(containers: containers)), "Pod", "p", "spec.containers[0].ports[1].name: Duplicate value: \"http\"");
    }

    [Fact]
    public async Task Two_containers_may_use_the_same_port_name()
    {
        // validateContainerPorts checks names per container (the reference's "unique in the pod" is not upstream's rule).
        await using var server = ApiServer.Start();
        var containers = """[{"name":"app","image":"a","ports":[{"name":"http","containerPort":80}]},{"name":"b","image":"b","ports":[{"name":"http","containerPort":81}]}]""";
        await Create(server, Pod(containers: containers));
    }

    [Fact]
    public async Task Image_may_change_on_update()
    {
        await using var server = ApiServer.Start();
        var created = await Create(server, Pod());
        var updated = await HttpAssert.Json(await server.PutAsync(Pods + "/p", Pod(containers: """[{"name":"app","image":"nginx:1.28"}]""")), 200);
        Assert.Equal("nginx:1.28", Str(updated["spec"]!["containers"]![0]!["image"]));
        Assert.Equal(2, (long?)updated["metadata"]!["generation"]);
        Assert.Equal(Str(created["metadata"]!["uid"]), Str(updated["metadata"]!["uid"]));
    }

    [Fact]
    public async Task Other_spec_changes_are_forbidden()
    {
        await using var server = ApiServer.Start();
        var created = await Create(server, Pod());
        var response = await server.PutAsync(Pods + "/p", Pod(extraSpec: ""","restartPolicy":"Never" """));
        var status = await HttpAssert.Status(response, 422, "Invalid");
        var message = Str(status["message"])!;
        Assert.StartsWith("Pod \"p\" is invalid: " + UpdateForbidden, message, StringComparison.Ordinal);
        // The diff is go-cmp output upstream (deliberately unstable text), so only the changed field is checked.
        Assert.Contains("restartPolicy", message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("spec", Str(status["details"]!["causes"]![0]!["field"]));
        Assert.Equal("FieldValueForbidden", Str(status["details"]!["causes"]![0]!["reason"]));
        var stored = await HttpAssert.Json(await server.GetAsync(Pods + "/p"), 200);
        Assert.Equal(created.ToJsonString(), stored.ToJsonString());
    }

    [Fact]
    public async Task Put_to_a_missing_pod_is_not_found()
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Status(await server.PutAsync(Pods + "/p", Pod()), 404, "NotFound", "pods \"p\" not found");
    }

    [Fact]
    public async Task Status_subresource_sets_ip_phase_and_ready_condition()
    {
        await using var server = ApiServer.Start();
        await Create(server, Pod(nodeName: "node-1"));
        var pod = await HttpAssert.Json(await server.GetAsync(Pods + "/p/status"), 200);
        Assert.Equal("Pod", Str(pod["kind"]));
        pod["spec"]!["containers"]![0]!["image"] = "changed:1";
        pod["status"] = JsonNode.Parse("""
            {"phase":"Running","podIP":"10.244.0.5","conditions":[{"type":"Ready","status":"True","lastTransitionTime":"2025-01-01T00:00:00Z"}]}
            """);
        var updated = await HttpAssert.Json(await server.PutAsync(Pods + "/p/status", pod.ToJsonString()), 200);
        var status = updated["status"]!;
        Assert.Equal("Running", Str(status["phase"]));
        Assert.Equal("10.244.0.5", Str(status["podIP"]));
        AssertJson("""[{"ip":"10.244.0.5"}]""", status["podIPs"]!);
        Assert.Equal("Ready", Str(status["conditions"]![0]!["type"]));
        Assert.Equal("True", Str(status["conditions"]![0]!["status"]));
        Assert.Equal("BestEffort", Str(status["qosClass"]));
        Assert.Equal("nginx:1.27", Str(updated["spec"]!["containers"]![0]!["image"]));
        Assert.Equal(1, (long?)updated["metadata"]!["generation"]);
    }

    [Fact]
    public async Task Status_patch_with_only_podIPs_fills_podIP()
    {
        await using var server = ApiServer.Start();
        await Create(server, Pod(nodeName: "node-1"));
        var patched = await HttpAssert.Json(await server.PatchAsync(Pods + "/p/status", """{"status":{"phase":"Running","podIPs":[{"ip":"10.244.0.7"}]}}"""), 200);
        Assert.Equal("10.244.0.7", Str(patched["status"]!["podIP"]));
        Assert.Equal("Running", Str(patched["status"]!["phase"]));
    }

    [Fact]
    public async Task Status_with_an_invalid_pod_ip_is_rejected()
    {
        await using var server = ApiServer.Start();
        await Create(server, Pod(nodeName: "node-1"));
        var response = await server.PatchAsync(Pods + "/p/status", """{"status":{"podIP":"not-an-ip"}}""");
        // validatePodIPs reports on status.podIPs[i] (not .ip); podIP was copied into podIPs first.
        await Invalid(response, "Pod", "p", "status.podIPs[0]: Invalid value: \"not-an-ip\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)");
    }

    [Fact]
    public async Task Main_resource_put_cannot_change_the_status()
    {
        await using var server = ApiServer.Start();
        await Create(server, Pod(nodeName: "node-1"));
        await SetStatus(server, "p", """{"phase":"Running","podIP":"10.244.0.5"}""");
        var pod = await HttpAssert.Json(await server.GetAsync(Pods + "/p"), 200);
        pod["status"] = JsonNode.Parse("""{"phase":"Failed","podIP":"10.244.0.9"}""");
        pod["metadata"]!["labels"] = JsonNode.Parse("""{"app":"web"}""");
        var updated = await HttpAssert.Json(await server.PutAsync(Pods + "/p", pod.ToJsonString()), 200);
        Assert.Equal("Running", Str(updated["status"]!["phase"]));
        Assert.Equal("10.244.0.5", Str(updated["status"]!["podIP"]));
        Assert.Equal("web", Str(updated["metadata"]!["labels"]!["app"]));
    }

    [Fact]
    public async Task Unscheduled_pod_is_deleted_at_once()
    {
        await using var server = ApiServer.Start();
        var created = await Create(server, Pod());
        var deleted = await HttpAssert.Json(await server.DeleteAsync(Pods + "/p"), 200);
        Assert.Equal("Pod", Str(deleted["kind"]));
        Assert.Equal(Str(created["metadata"]!["uid"]), Str(deleted["metadata"]!["uid"]));
        await HttpAssert.Status(await server.GetAsync(Pods + "/p"), 404, "NotFound", "pods \"p\" not found");
    }

    [Fact]
    public async Task Scheduled_pod_is_marked_for_deletion_with_the_default_grace()
    {
        await using var server = ApiServer.Start();
        var created = await Create(server, Pod(nodeName: "node-1"));
        var before = DateTime.UtcNow;
        var marked = await HttpAssert.Json(await server.DeleteAsync(Pods + "/p"), 200);
        var meta = marked["metadata"]!;
        Assert.Equal(30, (long?)meta["deletionGracePeriodSeconds"]);
        var deadline = Time(meta["deletionTimestamp"]);
        Assert.InRange(deadline, before.AddSeconds(29), DateTime.UtcNow.AddSeconds(31));
        Assert.Equal(2, (long?)meta["generation"]);
        Assert.NotEqual(Str(created["metadata"]!["resourceVersion"]), Str(meta["resourceVersion"]));
        var stored = await HttpAssert.Json(await server.GetAsync(Pods + "/p"), 200);
        Assert.Equal(marked.ToJsonString(), stored.ToJsonString());
    }

    [Fact]
    public async Task Scheduled_pod_survives_the_first_delete_because_pods_delete_gracefully()
    {
        // Regression: the pod descriptor did not declare graceful deletion, so a scheduled pod vanished at once.
        await using var server = ApiServer.Start();
        await Create(server, Pod(nodeName: "node-1"));
        await HttpAssert.Json(await server.DeleteAsync(Pods + "/p"), 200);
        var stored = await HttpAssert.Json(await server.GetAsync(Pods + "/p"), 200);
        Assert.NotNull(stored["metadata"]!["deletionTimestamp"]);
    }

    [Fact]
    public async Task Scheduled_pod_uses_its_termination_grace_period()
    {
        await using var server = ApiServer.Start();
        await Create(server, Pod(nodeName: "node-1", extraSpec: ""","terminationGracePeriodSeconds":5"""));
        var marked = await HttpAssert.Json(await server.DeleteAsync(Pods + "/p"), 200);
        Assert.Equal(5, (long?)marked["metadata"]!["deletionGracePeriodSeconds"]);
    }

    [Fact]
    public async Task Request_grace_period_wins_over_the_pod_default()
    {
        await using var server = ApiServer.Start();
        await Create(server, Pod(nodeName: "node-1"));
        var marked = await HttpAssert.Json(await server.DeleteAsync(Pods + "/p", """{"kind":"DeleteOptions","apiVersion":"v1","gracePeriodSeconds":10}"""), 200);
        Assert.Equal(10, (long?)marked["metadata"]!["deletionGracePeriodSeconds"]);
        Assert.Equal(200, await StatusOf(server, Pods + "/p"));
    }

    [Fact]
    public async Task Negative_grace_period_means_one_second()
    {
        await using var server = ApiServer.Start();
        await Create(server, Pod(nodeName: "node-1"));
        var marked = await HttpAssert.Json(await server.DeleteAsync(Pods + "/p?gracePeriodSeconds=-5"), 200);
        Assert.Equal(1, (long?)marked["metadata"]!["deletionGracePeriodSeconds"]);
        Assert.Equal(200, await StatusOf(server, Pods + "/p"));
    }

    [Fact]
    public async Task Second_delete_with_zero_grace_removes_a_terminating_pod()
    {
        await using var server = ApiServer.Start();
        await Create(server, Pod(nodeName: "node-1"));
        await HttpAssert.Json(await server.DeleteAsync(Pods + "/p"), 200);
        var removed = await HttpAssert.Json(await server.DeleteAsync(Pods + "/p?gracePeriodSeconds=0"), 200);
        Assert.Equal("p", Str(removed["metadata"]!["name"]));
        await HttpAssert.Status(await server.GetAsync(Pods + "/p"), 404, "NotFound", "pods \"p\" not found");
    }

    [Fact]
    public async Task Zero_grace_in_the_delete_options_body_removes_a_terminating_pod()
    {
        await using var server = ApiServer.Start();
        await Create(server, Pod(nodeName: "node-1"));
        await HttpAssert.Json(await server.DeleteAsync(Pods + "/p"), 200);
        await HttpAssert.Json(await server.DeleteAsync(Pods + "/p", """{"gracePeriodSeconds":0}"""), 200);
        Assert.Equal(404, await StatusOf(server, Pods + "/p"));
    }

    [Fact]
    public async Task Shorter_grace_moves_the_deletion_timestamp_earlier()
    {
        await using var server = ApiServer.Start();
        await Create(server, Pod(nodeName: "node-1"));
        var first = await HttpAssert.Json(await server.DeleteAsync(Pods + "/p?gracePeriodSeconds=60"), 200);
        var second = await HttpAssert.Json(await server.DeleteAsync(Pods + "/p?gracePeriodSeconds=20"), 200);
        Assert.Equal(20, (long?)second["metadata"]!["deletionGracePeriodSeconds"]);
        Assert.Equal(Time(first["metadata"]!["deletionTimestamp"]).AddSeconds(-40), Time(second["metadata"]!["deletionTimestamp"]));
        Assert.Equal(200, await StatusOf(server, Pods + "/p"));
    }

    [Theory]
    [InlineData("?gracePeriodSeconds=60")]
    [InlineData("?gracePeriodSeconds=90")]
    [InlineData("")]
    public async Task Equal_longer_or_absent_grace_changes_nothing(string query)
    {
        await using var server = ApiServer.Start();
        await Create(server, Pod(nodeName: "node-1"));
        var first = await HttpAssert.Json(await server.DeleteAsync(Pods + "/p?gracePeriodSeconds=60"), 200);
        var second = await HttpAssert.Json(await server.DeleteAsync(Pods + "/p" + query), 200);
        Assert.Equal(first.ToJsonString(), second.ToJsonString());
    }

    [Fact]
    public async Task Dry_run_delete_of_a_scheduled_pod_changes_nothing()
    {
        await using var server = ApiServer.Start();
        var created = await Create(server, Pod(nodeName: "node-1"));
        var answer = await HttpAssert.Json(await server.DeleteAsync(Pods + "/p?dryRun=All"), 200);
        Assert.Equal(30, (long?)answer["metadata"]!["deletionGracePeriodSeconds"]);
        var stored = await HttpAssert.Json(await server.GetAsync(Pods + "/p"), 200);
        Assert.Equal(created.ToJsonString(), stored.ToJsonString());
    }

    [Fact]
    public async Task Updating_a_terminating_pod_keeps_it_terminating()
    {
        await using var server = ApiServer.Start();
        await Create(server, Pod(nodeName: "node-1"));
        var marked = await HttpAssert.Json(await server.DeleteAsync(Pods + "/p"), 200);
        var labelled = await HttpAssert.Json(await server.PatchAsync(Pods + "/p", """{"metadata":{"labels":{"app":"web"},"deletionTimestamp":null}}"""), 200);
        Assert.Equal(Str(marked["metadata"]!["deletionTimestamp"]), Str(labelled["metadata"]!["deletionTimestamp"]));
        Assert.Equal(30, (long?)labelled["metadata"]!["deletionGracePeriodSeconds"]);
        Assert.Equal(200, await StatusOf(server, Pods + "/p"));
    }

    [Fact]
    public async Task Delete_collection_marks_scheduled_pods_and_removes_the_others()
    {
        await using var server = ApiServer.Start();
        await Create(server, Pod("scheduled", nodeName: "node-1"));
        await Create(server, Pod("pending"));
        var list = await HttpAssert.Json(await server.DeleteAsync(Pods), 200);
        Assert.Equal("PodList", Str(list["kind"]));
        Assert.Equal(2, list["items"]!.AsArray().Count);
        var scheduled = await HttpAssert.Json(await server.GetAsync(Pods + "/scheduled"), 200);
        Assert.Equal(30, (long?)scheduled["metadata"]!["deletionGracePeriodSeconds"]);
        Assert.Equal(404, await StatusOf(server, Pods + "/pending"));
    }

    [Theory]
    [InlineData("Succeeded")]
    [InlineData("Failed")]
    public async Task Finished_pod_is_deleted_at_once(string phase)
    {
        await using var server = ApiServer.Start();
        await Create(server, Pod(nodeName: "node-1"));
        await SetStatus(server, "p", $$"""{"phase":"{{phase}}"}""");
        await HttpAssert.Json(await server.DeleteAsync(Pods + "/p"), 200);
        Assert.Equal(404, await StatusOf(server, Pods + "/p"));
    }

    [Fact]
    public async Task Finalizers_keep_a_deleted_pod_until_the_last_is_removed()
    {
        await using var server = ApiServer.Start();
        await Create(server, Pod(extraMeta: ""","finalizers":["example.com/hold","example.com/audit"]"""));
        var marked = await HttpAssert.Json(await server.DeleteAsync(Pods + "/p"), 200);
        Assert.NotNull(marked["metadata"]!["deletionTimestamp"]);
        Assert.Equal(0, (long?)marked["metadata"]!["deletionGracePeriodSeconds"]);
        Assert.Equal(2, (long?)marked["metadata"]!["generation"]);
        Assert.Equal(200, await StatusOf(server, Pods + "/p"));

        var one = await HttpAssert.Json(await server.PatchAsync(Pods + "/p", """{"metadata":{"finalizers":["example.com/audit"]}}"""), 200);
        AssertJson("""["example.com/audit"]""", one["metadata"]!["finalizers"]!);
        Assert.Equal(200, await StatusOf(server, Pods + "/p"));

        var pod = await HttpAssert.Json(await server.GetAsync(Pods + "/p"), 200);
        pod["metadata"]!.AsObject().Remove("finalizers");
        var last = await HttpAssert.Json(await server.PutAsync(Pods + "/p", pod.ToJsonString()), 200);
        Assert.Equal("p", Str(last["metadata"]!["name"]));
        await HttpAssert.Status(await server.GetAsync(Pods + "/p"), 404, "NotFound", "pods \"p\" not found");
    }

    [Fact]
    public async Task No_new_finalizers_once_deletion_started()
    {
        await using var server = ApiServer.Start();
        await Create(server, Pod(extraMeta: ""","finalizers":["example.com/hold"]"""));
        await HttpAssert.Json(await server.DeleteAsync(Pods + "/p"), 200);
        await Invalid(await server.PatchAsync(Pods + "/p", """{"metadata":{"finalizers":["example.com/hold","example.com/new"]}}"""),
            "Pod", "p", "metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{\"example.com/new\"}");
    }

    [Fact]
    public async Task Scheduled_pod_with_finalizers_stays_after_zero_grace_delete()
    {
        await using var server = ApiServer.Start();
        await Create(server, Pod(nodeName: "node-1", extraMeta: ""","finalizers":["example.com/hold"]"""));
        await HttpAssert.Json(await server.DeleteAsync(Pods + "/p"), 200);
        var zero = await HttpAssert.Json(await server.DeleteAsync(Pods + "/p?gracePeriodSeconds=0"), 200);
        Assert.Equal(0, (long?)zero["metadata"]!["deletionGracePeriodSeconds"]);
        Assert.Equal(200, await StatusOf(server, Pods + "/p"));
        await HttpAssert.Json(await server.PatchAsync(Pods + "/p", """{"metadata":{"finalizers":null}}"""), 200);
        Assert.Equal(404, await StatusOf(server, Pods + "/p"));
    }
}
