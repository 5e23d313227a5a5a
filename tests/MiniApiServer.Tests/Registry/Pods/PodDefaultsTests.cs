using k8s.Models;
using MiniApiServer.Registry.Pods;
using static MiniApiServer.Tests.Registry.Pods.PodTestData;

namespace MiniApiServer.Tests.Registry.Pods;

public sealed class PodDefaultsTests
{
    [Fact]
    public void Pod_spec_defaults_are_filled_in()
    {
        var spec = Defaulted(MinimalJson).Spec;

        Assert.Equal("Always", spec.RestartPolicy);
        Assert.Equal("ClusterFirst", spec.DnsPolicy);
        Assert.Equal(30, spec.TerminationGracePeriodSeconds);
        Assert.Equal("default-scheduler", spec.SchedulerName);
        Assert.NotNull(spec.SecurityContext);
        Assert.True(spec.EnableServiceLinks);
    }

    [Fact]
    public void Explicit_spec_values_are_kept()
    {
        var spec = Defaulted("""
            {"metadata":{"name":"p"},"spec":{"restartPolicy":"Never","dnsPolicy":"Default","terminationGracePeriodSeconds":0,
             "schedulerName":"mine","enableServiceLinks":false,"containers":[{"name":"a","image":"x"}]}}
            """).Spec;

        Assert.Equal("Never", spec.RestartPolicy);
        Assert.Equal("Default", spec.DnsPolicy);
        Assert.Equal(0, spec.TerminationGracePeriodSeconds);
        Assert.Equal("mine", spec.SchedulerName);
        Assert.False(spec.EnableServiceLinks);
    }

    [Fact]
    public void Container_defaults_are_filled_in()
    {
        var c = Container(Defaulted(MinimalJson));

        Assert.Equal("IfNotPresent", c.ImagePullPolicy);
        Assert.Equal("/dev/termination-log", c.TerminationMessagePath);
        Assert.Equal("File", c.TerminationMessagePolicy);
        Assert.NotNull(c.Resources);
    }

    [Theory]
    [InlineData("nginx", "Always")]
    [InlineData("nginx:latest", "Always")]
    [InlineData("library/nginx", "Always")]
    [InlineData("docker.io/library/nginx", "Always")]
    [InlineData("localhost:5000/app", "Always")]
    [InlineData("registry.example.com/team/app:latest", "Always")]
    [InlineData("nginx:1.25", "IfNotPresent")]
    [InlineData("localhost:5000/app:v1", "IfNotPresent")]
    [InlineData("nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "IfNotPresent")]
    [InlineData("nginx:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "Always")]
    [InlineData("nginx:1.25@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "IfNotPresent")]
    [InlineData("NGINX", "IfNotPresent")] // does not parse: repository names are lower case
    [InlineData("nginx:Latest", "IfNotPresent")] // a tag other than "latest"
    [InlineData("nginx@sha256:abc", "IfNotPresent")] // bad digest: does not parse
    [InlineData("", "IfNotPresent")]
    public void Image_pull_policy_follows_the_tag(string image, string expected) =>
        Assert.Equal(expected, PodDefaults.DefaultPullPolicy(image));

    [Fact]
    public void Explicit_pull_policy_is_kept()
    {
        var c = Container(Defaulted("""{"spec":{"containers":[{"name":"a","image":"nginx","imagePullPolicy":"Never"}]}}"""));
        Assert.Equal("Never", c.ImagePullPolicy);
    }

    [Fact]
    public void Init_containers_get_container_defaults()
    {
        var pod = Defaulted("""{"spec":{"containers":[{"name":"a","image":"x"}],"initContainers":[{"name":"i","image":"busybox","ports":[{"containerPort":1}]}]}}""");
        var init = pod.Spec.InitContainers[0];

        Assert.Equal("Always", init.ImagePullPolicy);
        Assert.Equal("/dev/termination-log", init.TerminationMessagePath);
        Assert.Equal("File", init.TerminationMessagePolicy);
        Assert.Equal("TCP", init.Ports[0].Protocol);
    }

    [Fact]
    public void Requests_default_to_limits_without_overwriting_explicit_requests()
    {
        var c = Container(Defaulted("""
            {"spec":{"containers":[{"name":"a","image":"x","resources":{"limits":{"cpu":"500m","memory":"128Mi"},"requests":{"cpu":"100m"}}}]}}
            """));

        Assert.Equal("100m", c.Resources.Requests["cpu"].ToString());
        Assert.Equal("128Mi", c.Resources.Requests["memory"].ToString());
    }

    [Fact]
    public void Requests_stay_absent_without_limits()
    {
        var c = Container(Defaulted(MinimalJson));
        Assert.Null(c.Resources.Requests);
    }

    [Fact]
    public void Port_protocol_defaults_to_TCP()
    {
        var c = Container(Defaulted("""{"spec":{"containers":[{"name":"a","image":"x","ports":[{"containerPort":80},{"containerPort":53,"protocol":"UDP"}]}]}}"""));
        Assert.Equal("TCP", c.Ports[0].Protocol);
        Assert.Equal("UDP", c.Ports[1].Protocol);
        Assert.Null(c.Ports[0].HostPort);
    }

    [Fact]
    public void Host_network_copies_container_port_to_host_port()
    {
        var pod = Defaulted("""
            {"spec":{"hostNetwork":true,"containers":[{"name":"a","image":"x","ports":[{"containerPort":8080},{"containerPort":9090,"hostPort":9091}]}],
             "initContainers":[{"name":"i","image":"x","ports":[{"containerPort":7070}]}]}}
            """);

        Assert.Equal(8080, Container(pod).Ports[0].HostPort);
        Assert.Equal(9091, Container(pod).Ports[1].HostPort);
        Assert.Equal(7070, pod.Spec.InitContainers[0].Ports[0].HostPort);
    }

    [Fact]
    public void Probe_defaults_are_filled_in()
    {
        var c = Container(Defaulted("""
            {"spec":{"containers":[{"name":"a","image":"x",
              "livenessProbe":{"httpGet":{"port":8080}},
              "readinessProbe":{"tcpSocket":{"port":80},"periodSeconds":5},
              "startupProbe":{"grpc":{"port":9000}}}]}}
            """));

        var liveness = c.LivenessProbe;
        Assert.Equal(1, liveness.TimeoutSeconds);
        Assert.Equal(10, liveness.PeriodSeconds);
        Assert.Equal(1, liveness.SuccessThreshold);
        Assert.Equal(3, liveness.FailureThreshold);
        Assert.Equal("/", liveness.HttpGet.Path);
        Assert.Equal("HTTP", liveness.HttpGet.Scheme);
        Assert.Equal(5, c.ReadinessProbe.PeriodSeconds);
        Assert.Equal("", c.StartupProbe.Grpc.Service);
    }

    [Fact]
    public void Lifecycle_http_hooks_get_path_and_scheme()
    {
        var c = Container(Defaulted("""{"spec":{"containers":[{"name":"a","image":"x","lifecycle":{"preStop":{"httpGet":{"port":80}}}}]}}"""));
        Assert.Equal("/", c.Lifecycle.PreStop.HttpGet.Path);
        Assert.Equal("HTTP", c.Lifecycle.PreStop.HttpGet.Scheme);
    }

    [Fact]
    public void Volume_without_source_becomes_emptyDir()
    {
        var volumes = Defaulted("""
            {"spec":{"containers":[{"name":"a","image":"x"}],"volumes":[{"name":"scratch"},{"name":"cfg","configMap":{"name":"c"}}]}}
            """).Spec.Volumes;

        Assert.NotNull(volumes[0].EmptyDir);
        Assert.Null(volumes[1].EmptyDir);
        Assert.Equal(420, volumes[1].ConfigMap.DefaultMode);
    }

    [Fact]
    public void Volume_source_defaults_are_filled_in()
    {
        var volumes = Defaulted("""
            {"spec":{"containers":[{"name":"a","image":"x"}],"volumes":[
              {"name":"s","secret":{"secretName":"s"}},
              {"name":"h","hostPath":{"path":"/tmp"}},
              {"name":"t","projected":{"sources":[{"serviceAccountToken":{"path":"token"}}]}}]}}
            """).Spec.Volumes;

        Assert.Equal(420, volumes[0].Secret.DefaultMode);
        Assert.Equal("", volumes[1].HostPath.Type);
        Assert.Equal(420, volumes[2].Projected.DefaultMode);
        Assert.Equal(3600, volumes[2].Projected.Sources[0].ServiceAccountToken.ExpirationSeconds);
    }

    [Fact]
    public void Env_field_ref_api_version_defaults_to_v1()
    {
        var c = Container(Defaulted("""
            {"spec":{"containers":[{"name":"a","image":"x","env":[{"name":"N","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}}]}]}}
            """));
        Assert.Equal("v1", c.Env[0].ValueFrom.FieldRef.ApiVersion);
    }

    [Fact]
    public void Deprecated_service_account_is_an_alias_of_service_account_name()
    {
        var fromAlias = Defaulted("""{"spec":{"serviceAccount":"old","containers":[{"name":"a","image":"x"}]}}""").Spec;
        var both = Defaulted("""{"spec":{"serviceAccount":"old","serviceAccountName":"new","containers":[{"name":"a","image":"x"}]}}""").Spec;

        Assert.Equal("old", fromAlias.ServiceAccountName);
        Assert.Equal("new", both.ServiceAccountName);
        Assert.Equal("new", both.ServiceAccount);
    }

    [Fact]
    public void Defaulting_twice_changes_nothing()
    {
        var once = Defaulted(MinimalJson);
        var twice = Clone(once);
        Strategy.Default(twice);
        Assert.True(PodSpecJson.SpecEquals(once.Spec, twice.Spec));
    }
}
