using k8s.Models;
using static MiniApiServer.Tests.Registry.Pods.PodTestData;

namespace MiniApiServer.Tests.Registry.Pods;

public sealed class PodValidationTests
{
    private const string Dns1123LabelMessage =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    private static V1ContainerPort Port(int containerPort, string? name = null, string protocol = "TCP", int? hostPort = null) =>
        new() { ContainerPort = containerPort, Name = name, Protocol = protocol, HostPort = hostPort };

    [Fact]
    public void Minimal_pod_is_valid() => Assert.Empty(CreateErrors(_ => { }));

    [Fact]
    public void Name_must_be_a_dns_subdomain() =>
        Assert.Equal(
            ["metadata.name: Invalid value: \"My_Pod\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"],
            CreateErrors(p => p.Metadata.Name = "My_Pod"));

    [Fact]
    public void Dotted_name_is_accepted() => Assert.Empty(CreateErrors(p => p.Metadata.Name = "web.v1"));

    [Fact]
    public void Containers_are_required() =>
        Assert.Equal(["spec.containers: Required value"], CreateErrors(p => p.Spec.Containers = []));

    [Fact]
    public void Container_name_is_required() =>
        Assert.Equal(["spec.containers[0].name: Required value"], CreateErrors(p => Container(p).Name = ""));

    [Fact]
    public void Container_name_must_be_a_dns_label() =>
        Assert.Equal([$"spec.containers[0].name: Invalid value: \"App\": {Dns1123LabelMessage}"], CreateErrors(p => Container(p).Name = "App"));

    [Fact]
    public void Duplicate_container_name_is_rejected() =>
        Assert.Equal(["spec.containers[1].name: Duplicate value: \"app\""],
            CreateErrors(p => p.Spec.Containers.Add(new V1Container { Name = "app", Image = "x", ImagePullPolicy = "Always", TerminationMessagePolicy = "File" })));

    [Fact]
    public void Init_container_named_like_a_container_is_a_duplicate() =>
        Assert.Equal(["spec.initContainers[0].name: Duplicate value: \"app\""], CreateErrors("""
            {"metadata":{"name":"p","namespace":"default"},"spec":{"containers":[{"name":"app","image":"x"}],"initContainers":[{"name":"app","image":"x"}]}}
            """));

    [Fact]
    public void Image_is_required() =>
        Assert.Equal(["spec.containers[0].image: Required value"], CreateErrors(p => Container(p).Image = ""));

    [Fact]
    public void Image_with_surrounding_whitespace_is_rejected() =>
        Assert.Equal(["spec.containers[0].image: Invalid value: \" nginx\": must not have leading or trailing whitespace"],
            CreateErrors(p => Container(p).Image = " nginx"));

    [Fact]
    public void Unknown_image_pull_policy_is_not_supported() =>
        Assert.Equal(["spec.containers[0].imagePullPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"IfNotPresent\", \"Never\""],
            CreateErrors(p => Container(p).ImagePullPolicy = "Sometimes"));

    [Fact]
    public void Unknown_termination_message_policy_is_not_supported() =>
        Assert.Equal(["spec.containers[0].terminationMessagePolicy: Unsupported value: \"Log\": supported values: \"File\", \"FallbackToLogsOnError\""],
            CreateErrors(p => Container(p).TerminationMessagePolicy = "Log"));

    [Fact]
    public void Container_port_zero_is_required() =>
        Assert.Equal(["spec.containers[0].ports[0].containerPort: Required value"], CreateErrors(p => Container(p).Ports = [Port(0)]));

    [Fact]
    public void Container_port_out_of_range_is_invalid() =>
        Assert.Equal(["spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive"],
            CreateErrors(p => Container(p).Ports = [Port(70000)]));

    [Fact]
    public void Host_port_out_of_range_is_invalid() =>
        Assert.Equal(["spec.containers[0].ports[0].hostPort: Invalid value: -1: must be between 1 and 65535, inclusive"],
            CreateErrors(p => Container(p).Ports = [Port(80, hostPort: -1)]));

    [Fact]
    public void Numeric_port_name_is_invalid() =>
        Assert.Equal(["spec.containers[0].ports[0].name: Invalid value: \"8080\": must contain at least one letter (a-z)"],
            CreateErrors(p => Container(p).Ports = [Port(80, "8080")]));

    [Fact]
    public void Long_port_name_is_invalid() =>
        Assert.Equal(["spec.containers[0].ports[0].name: Invalid value: \"a-very-long-port-name\": must be no more than 15 characters"],
            CreateErrors(p => Container(p).Ports = [Port(80, "a-very-long-port-name")]));

    [Fact]
    public void Duplicate_port_name_in_a_container_is_rejected() =>
        Assert.Equal(["spec.containers[0].ports[1].name: Duplicate value: \"http\""],
            CreateErrors(p => Container(p).Ports = [Port(80, "http"), Port(81, "http")]));

    [Fact]
    public void Same_port_name_in_two_containers_is_accepted() =>
        Assert.Empty(CreateErrors("""
            {"metadata":{"name":"p","namespace":"default"},"spec":{"containers":[
              {"name":"a","image":"x","ports":[{"name":"http","containerPort":80}]},
              {"name":"b","image":"x","ports":[{"name":"http","containerPort":81}]}]}}
            """));

    [Fact]
    public void Unknown_protocol_is_not_supported() =>
        Assert.Equal(["spec.containers[0].ports[0].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\""],
            CreateErrors(p => Container(p).Ports = [Port(80, protocol: "HTTP")]));

    [Fact]
    public void Conflicting_host_ports_are_duplicates() =>
        Assert.Equal(["spec.containers[1].ports[0].hostPort: Duplicate value: \"TCP//8080\""], CreateErrors("""
            {"metadata":{"name":"p","namespace":"default"},"spec":{"containers":[
              {"name":"a","image":"x","ports":[{"containerPort":80,"hostPort":8080}]},
              {"name":"b","image":"x","ports":[{"containerPort":81,"hostPort":8080}]}]}}
            """));

    [Fact]
    public void Host_network_host_port_must_match_container_port() =>
        Assert.Equal(["spec.containers[0].ports[0].hostPort: Invalid value: 81: must match `containerPort` when `hostNetwork` is true"], CreateErrors("""
            {"metadata":{"name":"p","namespace":"default"},"spec":{"hostNetwork":true,"containers":[
              {"name":"a","image":"x","ports":[{"containerPort":80,"hostPort":81}]}]}}
            """));

    [Fact]
    public void Unknown_restart_policy_is_not_supported() =>
        Assert.Equal(["spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\""],
            CreateErrors(p => p.Spec.RestartPolicy = "Sometimes"));

    [Fact]
    public void Unknown_dns_policy_is_not_supported() =>
        Assert.Equal(["spec.dnsPolicy: Unsupported value: \"Google\": supported values: \"ClusterFirstWithHostNet\", \"ClusterFirst\", \"Default\", \"None\""],
            CreateErrors(p => p.Spec.DnsPolicy = "Google"));

    [Fact]
    public void Dns_policy_None_needs_dns_config() =>
        Assert.Equal(["spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None"],
            CreateErrors(p => p.Spec.DnsPolicy = "None"));

    [Fact]
    public void Missing_termination_grace_period_is_required() =>
        Assert.Equal(["spec.terminationGracePeriodSeconds: Required value"], CreateErrors(p => p.Spec.TerminationGracePeriodSeconds = null));

    [Fact]
    public void Negative_termination_grace_period_is_accepted_as_upstream() =>
        Assert.Empty(CreateErrors(p => p.Spec.TerminationGracePeriodSeconds = -5));

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(2147483648L)]
    public void Active_deadline_must_be_positive_int32(long value) =>
        Assert.Equal([$"spec.activeDeadlineSeconds: Invalid value: {value}: must be between 1 and 2147483647, inclusive"],
            CreateErrors(p => p.Spec.ActiveDeadlineSeconds = value));

    [Fact]
    public void Node_name_must_be_a_dns_subdomain() =>
        Assert.Single(CreateErrors(p => p.Spec.NodeName = "Node_1"), e => e.StartsWith("spec.nodeName: Invalid value: \"Node_1\": a lowercase RFC 1123 subdomain", StringComparison.Ordinal));

    [Fact]
    public void Node_name_with_scheduling_gates_is_forbidden() =>
        Assert.Equal(["spec.nodeName: Forbidden: cannot be set until all schedulingGates have been cleared"], CreateErrors(p =>
        {
            p.Spec.NodeName = "n1";
            p.Spec.SchedulingGates = [new V1PodSchedulingGate { Name = "example.com/gate" }];
        }));

    [Fact]
    public void Ephemeral_containers_are_forbidden_on_create() =>
        Assert.Equal(["spec.ephemeralContainers: Forbidden: cannot be set on create"],
            CreateErrors(p => p.Spec.EphemeralContainers = [new V1EphemeralContainer { Name = "debug", Image = "busybox", ImagePullPolicy = "Always", TerminationMessagePolicy = "File" }]));

    [Fact]
    public void Restart_policy_on_a_regular_container_is_forbidden() =>
        Assert.Equal(["spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers"],
            CreateErrors(p => Container(p).RestartPolicy = "Always"));

    [Fact]
    public void Init_container_probe_needs_restart_policy_Always()
    {
        const string json = """
            {"metadata":{"name":"p","namespace":"default"},"spec":{"containers":[{"name":"a","image":"x"}],
             "initContainers":[{"name":"i","image":"x","readinessProbe":{"exec":{"command":["true"]}}}]}}
            """;
        Assert.Equal(["spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always"], CreateErrors(json));
        Assert.Empty(CreateErrors(json.Replace("\"name\":\"i\",", "\"name\":\"i\",\"restartPolicy\":\"Always\",", StringComparison.Ordinal)));
    }

    [Fact]
    public void Init_container_restart_policy_other_than_Always_is_not_supported() =>
        Assert.Equal(["spec.initContainers[0].restartPolicy: Unsupported value: \"Never\": supported values: \"Always\""], CreateErrors("""
            {"metadata":{"name":"p","namespace":"default"},"spec":{"containers":[{"name":"a","image":"x"}],"initContainers":[{"name":"i","image":"x","restartPolicy":"Never"}]}}
            """));

    [Fact]
    public void Probe_without_handler_is_required() =>
        Assert.Equal(["spec.containers[0].livenessProbe: Required value: must specify a handler type"], CreateErrors("""
            {"metadata":{"name":"p","namespace":"default"},"spec":{"containers":[{"name":"a","image":"x","livenessProbe":{"periodSeconds":5}}]}}
            """));

    [Fact]
    public void Probe_with_two_handlers_is_forbidden() =>
        Assert.Equal(["spec.containers[0].readinessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type"], CreateErrors("""
            {"metadata":{"name":"p","namespace":"default"},"spec":{"containers":[{"name":"a","image":"x","readinessProbe":{"httpGet":{"port":80},"tcpSocket":{"port":80}}}]}}
            """));

    [Fact]
    public void Liveness_success_threshold_must_be_1() =>
        Assert.Equal(["spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1"], CreateErrors("""
            {"metadata":{"name":"p","namespace":"default"},"spec":{"containers":[{"name":"a","image":"x","livenessProbe":{"exec":{"command":["true"]},"successThreshold":2}}]}}
            """));

    [Fact]
    public void Negative_probe_delay_is_invalid() =>
        Assert.Equal(["spec.containers[0].readinessProbe.initialDelaySeconds: Invalid value: -1: must be greater than or equal to 0"], CreateErrors("""
            {"metadata":{"name":"p","namespace":"default"},"spec":{"containers":[{"name":"a","image":"x","readinessProbe":{"exec":{"command":["true"]},"initialDelaySeconds":-1}}]}}
            """));

    [Fact]
    public void Probe_port_given_as_a_numeric_string_is_a_bad_name() =>
        Assert.Equal(["spec.containers[0].livenessProbe.httpGet.port: Invalid value: \"8080\": must contain at least one letter (a-z)"], CreateErrors("""
            {"metadata":{"name":"p","namespace":"default"},"spec":{"containers":[{"name":"a","image":"x","livenessProbe":{"httpGet":{"port":"8080"}}}]}}
            """));

    [Fact]
    public void Probe_port_number_out_of_range_is_invalid() =>
        Assert.Equal(["spec.containers[0].livenessProbe.tcpSocket.port: Invalid value: 0: must be between 1 and 65535, inclusive"], CreateErrors("""
            {"metadata":{"name":"p","namespace":"default"},"spec":{"containers":[{"name":"a","image":"x","livenessProbe":{"tcpSocket":{"port":0}}}]}}
            """));

    [Fact]
    public void Probe_port_by_name_is_accepted() =>
        Assert.Empty(CreateErrors("""
            {"metadata":{"name":"p","namespace":"default"},"spec":{"containers":[{"name":"a","image":"x","ports":[{"name":"http","containerPort":80}],"livenessProbe":{"httpGet":{"port":"http"}}}]}}
            """));

    [Fact]
    public void Volume_mount_must_name_a_volume() =>
        Assert.Equal(["spec.containers[0].volumeMounts[0].name: Not found: \"data\""], CreateErrors("""
            {"metadata":{"name":"p","namespace":"default"},"spec":{"containers":[{"name":"a","image":"x","volumeMounts":[{"name":"data","mountPath":"/data"}]}]}}
            """));

    [Fact]
    public void Duplicate_volume_name_is_rejected() =>
        Assert.Equal(["spec.volumes[1].name: Duplicate value: \"v\""], CreateErrors("""
            {"metadata":{"name":"p","namespace":"default"},"spec":{"containers":[{"name":"a","image":"x"}],"volumes":[{"name":"v"},{"name":"v"}]}}
            """));

    [Fact]
    public void Volume_with_two_sources_is_forbidden() =>
        Assert.Equal(["spec.volumes[0].configMap: Forbidden: may not specify more than 1 volume type"], CreateErrors("""
            {"metadata":{"name":"p","namespace":"default"},"spec":{"containers":[{"name":"a","image":"x"}],"volumes":[{"name":"v","emptyDir":{},"configMap":{"name":"c"}}]}}
            """));

    [Fact]
    public void Requests_above_limits_are_invalid() =>
        Assert.Equal(["spec.containers[0].resources.requests[cpu]: Invalid value: \"2\": must be less than or equal to cpu limit of 1"], CreateErrors("""
            {"metadata":{"name":"p","namespace":"default"},"spec":{"containers":[{"name":"a","image":"x","resources":{"limits":{"cpu":"1"},"requests":{"cpu":"2"}}}]}}
            """));

    [Fact]
    public void Env_name_with_equals_sign_is_invalid() =>
        Assert.Equal(["spec.containers[0].env[0].name: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='"],
            CreateErrors(p => Container(p).Env = [new V1EnvVar { Name = "A=B", Value = "x" }]));

    [Fact]
    public void Toleration_with_empty_key_needs_Exists() =>
        Assert.Equal(["spec.tolerations[0].operator: Invalid value: \"Equal\": operator must be Exists when `key` is empty, which means \"match all values and all keys\""],
            CreateErrors(p => p.Spec.Tolerations = [new V1Toleration { OperatorProperty = "Equal" }]));

    [Fact]
    public void Deletion_cost_annotation_must_be_an_int32() =>
        Assert.Equal(["metadata.annotations[controller.kubernetes.io/pod-deletion-cost]: Invalid value: \"+10\": must be a 32bit integer"],
            CreateErrors(p => p.Metadata.Annotations = new Dictionary<string, string> { ["controller.kubernetes.io/pod-deletion-cost"] = "+10" }));

    [Fact]
    public void Errors_are_reported_in_upstream_order() =>
        Assert.Equal(
            [
                "spec.containers[0].image: Required value",
                "spec.containers[0].ports[0].containerPort: Required value",
                "spec.restartPolicy: Unsupported value: \"x\": supported values: \"Always\", \"OnFailure\", \"Never\"",
            ],
            CreateErrors(p =>
            {
                p.Spec.RestartPolicy = "x";
                Container(p).Image = "";
                Container(p).Ports = [Port(0)];
            }));
}
