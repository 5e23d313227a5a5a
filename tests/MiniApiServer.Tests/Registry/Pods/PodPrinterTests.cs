using k8s.Models;
using MiniApiServer.Registry.Pods;
using MiniApiServer.Registry.Tables;
using MiniApiServer.Tests.Registry.Tables;

namespace MiniApiServer.Tests.Registry.Pods;

/// <summary>READY, STATUS and RESTARTS as kubectl computes them (pkg/printers/internalversion/printers_test.go TestPrintPod*).</summary>
public sealed class PodPrinterTests
{
    private static readonly PodPrinter Printer = new();

    private static V1Pod Pod(string spec, string status, string metadata = "") => PrinterKit.Decode<V1Pod>(
        "{\"metadata\":{\"name\":\"p\",\"creationTimestamp\":\"" + PrinterKit.Ago(TimeSpan.FromMinutes(5)) + "\"" + metadata + "}," +
        "\"spec\":" + spec + ",\"status\":" + status + "}");

    private const string OneContainer = """{"containers":[{"name":"c","image":"x"}]}""";
    private const string TwoContainers = """{"containers":[{"name":"a","image":"x"},{"name":"b","image":"x"}]}""";

    private static (string Ready, string Status, string Restarts) Cells(V1Pod pod)
    {
        var cells = Printer.Print(pod).Strings();
        return (cells[1], cells[2], cells[3]);
    }

    [Fact]
    public void Columns_are_upstreams_with_the_wide_ones_at_priority_1()
    {
        Assert.Equal(["Name", "Ready", "Status", "Restarts", "Age", "IP", "Node", "Nominated Node", "Readiness Gates"], Printer.Columns.Select(c => c.Name));
        Assert.Equal([0, 0, 0, 0, 0, 1, 1, 1, 1], Printer.Columns.Select(c => c.Priority));
        Assert.Equal("name", Printer.Columns[0].Format);
        Assert.All(Printer.Columns, c => Assert.Equal("string", c.Type));
    }

    [Fact]
    public void A_new_pod_is_pending_with_nothing_ready() =>
        Assert.Equal(("0/1", "Pending", "0"), Cells(Pod(OneContainer, """{"phase":"Pending"}""")));

    [Fact]
    public void A_ready_running_container_counts()
    {
        var pod = Pod(OneContainer, """{"phase":"Running","containerStatuses":[{"name":"c","ready":true,"restartCount":0,"state":{"running":{}}}]}""");
        Assert.Equal(("1/1", "Running", "0"), Cells(pod));
    }

    [Fact]
    public void Ready_without_running_state_does_not_count() =>
        Assert.Equal(("0/1", "Running", "0"), Cells(Pod(OneContainer, """{"phase":"Running","containerStatuses":[{"name":"c","ready":true,"restartCount":0,"state":{}}]}""")));

    [Fact]
    public void A_waiting_reason_is_the_status_and_restarts_say_when_the_last_one_was()
    {
        var finished = PrinterKit.Ago(TimeSpan.FromSeconds(10));
        var pod = Pod(OneContainer, "{\"phase\":\"Running\",\"containerStatuses\":[{\"name\":\"c\",\"ready\":false,\"restartCount\":3," +
            "\"state\":{\"waiting\":{\"reason\":\"CrashLoopBackOff\"}},\"lastState\":{\"terminated\":{\"exitCode\":1,\"finishedAt\":\"" + finished + "\"}}}]}");
        Assert.Equal(("0/1", "CrashLoopBackOff", "3 (10s ago)"), Cells(pod));
    }

    [Fact]
    public void Restarts_without_a_known_last_termination_are_a_bare_count() =>
        Assert.Equal("2", Cells(Pod(OneContainer, """{"phase":"Running","containerStatuses":[{"name":"c","ready":true,"restartCount":2,"state":{"running":{}}}]}""")).Restarts);

    [Theory]
    [InlineData("""{"exitCode":0,"reason":"Completed"}""", "Completed")]
    [InlineData("""{"exitCode":137,"signal":9}""", "Signal:9")]
    [InlineData("""{"exitCode":2}""", "ExitCode:2")]
    public void A_terminated_container_shows_its_reason_or_else_its_signal_or_exit_code(string terminated, string expected) =>
        Assert.Equal(expected, Cells(Pod(OneContainer, "{\"phase\":\"Running\",\"containerStatuses\":[{\"name\":\"c\",\"ready\":false,\"restartCount\":0,\"state\":{\"terminated\":" + terminated + "}}]}")).Status);

    [Fact]
    public void Containers_are_read_last_to_first_so_the_first_ones_reason_wins()
    {
        var pod = Pod(TwoContainers, """{"phase":"Running","containerStatuses":[{"name":"a","ready":false,"restartCount":0,"state":{"waiting":{"reason":"ErrImagePull"}}},{"name":"b","ready":false,"restartCount":0,"state":{"waiting":{"reason":"ContainerCreating"}}}]}""");
        Assert.Equal("ErrImagePull", Cells(pod).Status);
    }

    [Theory]
    [InlineData("""[{"type":"Ready","status":"True"}]""", "Running")]
    [InlineData("""[{"type":"Ready","status":"False"}]""", "NotReady")]
    public void Completed_while_another_container_still_runs_is_running_or_not_ready(string conditions, string expected)
    {
        var pod = Pod(TwoContainers, "{\"phase\":\"Running\",\"conditions\":" + conditions + ",\"containerStatuses\":[" +
            "{\"name\":\"a\",\"ready\":false,\"restartCount\":0,\"state\":{\"terminated\":{\"exitCode\":0,\"reason\":\"Completed\"}}}," +
            "{\"name\":\"b\",\"ready\":true,\"restartCount\":0,\"state\":{\"running\":{}}}]}");
        Assert.Equal(("1/2", expected, "0"), Cells(pod));
    }

    private const string InitSpec = """{"initContainers":[{"name":"i1","image":"x"},{"name":"i2","image":"x"}],"containers":[{"name":"c","image":"x"}]}""";

    [Theory]
    [InlineData("""{"waiting":{"reason":"ErrImagePull"}}""", "Init:ErrImagePull")]
    [InlineData("""{"waiting":{"reason":"PodInitializing"}}""", "Init:0/2")]
    [InlineData("""{"running":{}}""", "Init:0/2")]
    [InlineData("""{"terminated":{"exitCode":1,"reason":"Error"}}""", "Init:Error")]
    [InlineData("""{"terminated":{"exitCode":1}}""", "Init:ExitCode:1")]
    [InlineData("""{"terminated":{"exitCode":137,"signal":9}}""", "Init:Signal:9")]
    public void An_unfinished_init_container_decides_the_status(string state, string expected)
    {
        var pod = Pod(InitSpec, "{\"phase\":\"Pending\",\"initContainerStatuses\":[{\"name\":\"i1\",\"ready\":false,\"restartCount\":0,\"state\":" + state + "}]," +
            "\"containerStatuses\":[{\"name\":\"c\",\"ready\":false,\"restartCount\":0,\"state\":{\"waiting\":{\"reason\":\"PodInitializing\"}}}]}");
        Assert.Equal(("0/1", expected, "0"), Cells(pod));
    }

    [Fact]
    public void Finished_init_containers_are_skipped_and_their_position_counted()
    {
        var pod = Pod(InitSpec, """{"phase":"Pending","initContainerStatuses":[{"name":"i1","ready":false,"restartCount":0,"state":{"terminated":{"exitCode":0,"reason":"Completed"}}},{"name":"i2","ready":false,"restartCount":0,"state":{"running":{}}}]}""");
        Assert.Equal("Init:1/2", Cells(pod).Status);
    }

    [Fact]
    public void Started_sidecars_count_towards_ready_and_total_and_their_restarts_stay()
    {
        var pod = Pod("""{"initContainers":[{"name":"side","image":"x","restartPolicy":"Always"}],"containers":[{"name":"c","image":"x"}]}""",
            """{"phase":"Running","conditions":[{"type":"Initialized","status":"True"}],"initContainerStatuses":[{"name":"side","ready":true,"started":true,"restartCount":2,"state":{"running":{}}}],"containerStatuses":[{"name":"c","ready":true,"restartCount":1,"state":{"running":{}}}]}""");
        Assert.Equal(("2/2", "Running", "3"), Cells(pod));
    }

    [Fact]
    public void Plain_init_container_restarts_are_forgotten_once_initialized()
    {
        var pod = Pod(InitSpec, """{"phase":"Running","initContainerStatuses":[{"name":"i1","ready":false,"restartCount":4,"state":{"terminated":{"exitCode":0}}},{"name":"i2","ready":false,"restartCount":0,"state":{"terminated":{"exitCode":0}}}],"containerStatuses":[{"name":"c","ready":true,"restartCount":0,"state":{"running":{}}}]}""");
        Assert.Equal(("1/1", "Running", "0"), Cells(pod));
    }

    [Fact]
    public void A_scheduling_gated_pod_says_so() =>
        Assert.Equal("SchedulingGated", Cells(Pod(OneContainer, """{"phase":"Pending","conditions":[{"type":"PodScheduled","status":"False","reason":"SchedulingGated"}]}""")).Status);

    [Fact]
    public void A_status_reason_replaces_the_phase() =>
        Assert.Equal("Evicted", Cells(Pod(OneContainer, """{"phase":"Failed","reason":"Evicted"}""")).Status);

    [Theory]
    [InlineData("Running", "", "Terminating")]
    [InlineData("Running", "NodeLost", "Unknown")]
    [InlineData("Succeeded", "", "Succeeded")]
    [InlineData("Failed", "", "Failed")]
    public void A_deleted_pod_is_terminating_unless_it_has_finished_or_its_node_is_lost(string phase, string reason, string expected)
    {
        var pod = Pod(OneContainer, "{\"phase\":\"" + phase + "\"" + (reason.Length > 0 ? ",\"reason\":\"" + reason + "\"" : "") + "}",
            ",\"deletionTimestamp\":\"" + PrinterKit.Ago(TimeSpan.Zero) + "\"");
        Assert.Equal(expected, Cells(pod).Status);
    }

    [Theory]
    [InlineData("Succeeded", "The pod has completed successfully.")]
    [InlineData("Failed", "The pod failed.")]
    public void A_finished_pods_row_is_completed(string phase, string message)
    {
        var row = Printer.Print(Pod(OneContainer, "{\"phase\":\"" + phase + "\"}"));
        Assert.Equal(new CompletedCondition(phase, message), row.Completed);
    }

    [Fact]
    public void A_running_pods_row_has_no_condition() =>
        Assert.Null(Printer.Print(Pod(OneContainer, """{"phase":"Running"}""")).Completed);

    [Fact]
    public void Wide_cells_show_the_first_ip_the_nodes_and_the_gates_that_are_true()
    {
        var pod = Pod("""{"nodeName":"n1","readinessGates":[{"conditionType":"g1"},{"conditionType":"g2"}],"containers":[{"name":"c","image":"x"}]}""",
            """{"phase":"Running","nominatedNodeName":"n2","podIPs":[{"ip":"10.0.0.5"},{"ip":"fd00::5"}],"conditions":[{"type":"g1","status":"True"},{"type":"g2","status":"False"}]}""");
        var cells = Printer.ByColumn(Printer.Print(pod));
        Assert.Equal("p", cells["Name"]);
        Assert.Equal("5m", cells["Age"]);
        Assert.Equal("10.0.0.5", cells["IP"]);
        Assert.Equal("n1", cells["Node"]);
        Assert.Equal("n2", cells["Nominated Node"]);
        Assert.Equal("1/2", cells["Readiness Gates"]);
    }

    [Fact]
    public void Unset_wide_cells_are_none() =>
        Assert.Equal(["<none>", "<none>", "<none>", "<none>"], Printer.Print(Pod(OneContainer, "{}")).Strings()[5..]);

    [Fact]
    public void A_bookmarks_nearly_empty_pod_still_prints()
    {
        var pod = PrinterKit.Decode<V1Pod>("""{"kind":"Pod","apiVersion":"v1","metadata":{"resourceVersion":"42"}}""");
        Assert.Equal(["", "0/0", "", "0", "<unknown>", "<none>", "<none>", "<none>", "<none>"], Printer.Print(pod).Strings());
    }
}
