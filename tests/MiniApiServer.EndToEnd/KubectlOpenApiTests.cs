using k8s;
using k8s.Models;

namespace MiniApiServer.EndToEnd;

/// <summary>
/// The commands that read OpenAPI v3, with the real kubectl and default flags against the real server process:
/// <c>create -f</c> with the default <c>--validate=strict</c> (kubectl finds <c>fieldValidation</c> on the kind's PATCH
/// and sends <c>fieldValidation=Strict</c>, kubectl-wire.md §1.6) and <c>explain</c> (§9.4). Each test has its own
/// namespace and a fresh cache directory per command.
/// </summary>
public sealed class KubectlOpenApiTests(RunningServer fixture) : IClassFixture<RunningServer>, IDisposable
{
    private readonly Kubernetes _client = Client.For(fixture.Server);
    private readonly TempDirectory _scratch = new();

    public void Dispose()
    {
        _client.Dispose();
        _scratch.Dispose();
    }

    private static string ServiceYaml(string name, string portField = "targetPort") => $"""
        apiVersion: v1
        kind: Service
        metadata:
          name: {name}
        spec:
          selector:
            app: web
          ports:
          - port: 80
            {portField}: 9376

        """;

    [ToolFact("kubectl")]
    public async Task Create_with_default_validation_sends_strict_field_validation()
    {
        var (ns, kubectl) = await SetUpAsync();
        var result = await kubectl.RunAsync("create", "-f", kubectl.WriteManifest("svc.yaml", ServiceYaml("web")), "-n", ns, "-v=6");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("service/web created\n", result.StandardOutput);
        Assert.Contains("url=\"" + fixture.Server.BaseAddress.ToString().TrimEnd('/') + "/openapi/v3?timeout=32s\" status=\"200 OK\"", result.StandardError, StringComparison.Ordinal);
        Assert.Contains($"/api/v1/namespaces/{ns}/services?fieldManager=kubectl-create&fieldValidation=Strict\" status=\"201 Created\"", result.StandardError, StringComparison.Ordinal);
        Assert.Equal("9376", (await _client.CoreV1.ReadNamespacedServiceAsync("web", ns)).Spec.Ports[0].TargetPort.Value);
    }

    [ToolFact("kubectl")]
    public async Task Create_with_an_unknown_field_fails_with_the_strict_decoding_error()
    {
        var (ns, kubectl) = await SetUpAsync();
        var file = kubectl.WriteManifest("bad.yaml", ServiceYaml("bad", "targetPortz"));
        var result = await kubectl.RunAsync("create", "-f", file, "-n", ns);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            $"Error from server (BadRequest): error when creating \"{file}\": Service in version \"v1\" cannot be handled as a Service: "
            + "strict decoding error: unknown field \"spec.ports[0].targetPortz\"\n",
            result.StandardError);
        Assert.Empty((await _client.CoreV1.ListNamespacedServiceAsync(ns)).Items);
    }

    [ToolFact("kubectl")]
    public async Task Create_reads_json_multi_document_yaml_and_directories()
    {
        var (ns, kubectl) = await SetUpAsync();
        var json = kubectl.WriteManifest("svc.json", """
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"from-json"},"spec":{"ports":[{"port":80}]}}
            """);
        Assert.Equal("service/from-json created\n", await kubectl.SucceedAsync("create", "-f", json, "-n", ns));

        var multi = kubectl.WriteManifest("multi.yaml", ServiceYaml("first") + "---\n" + ServiceYaml("second"));
        Assert.Equal("service/first created\nservice/second created\n", await kubectl.SucceedAsync("create", "-f", multi, "-n", ns));

        var directory = _scratch.Combine("manifests-" + ns);
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "a.yaml"), ServiceYaml("dir-a"));
        await File.WriteAllTextAsync(Path.Combine(directory, "b.json"), """
            {"apiVersion":"v1","kind":"Endpoints","metadata":{"name":"dir-b"},"subsets":[{"addresses":[{"ip":"192.0.2.7"}],"ports":[{"port":8080}]}]}
            """);
        Assert.Equal("service/dir-a created\nendpoints/dir-b created\n", await kubectl.SucceedAsync("create", "-f", directory, "-n", ns));

        var names = (await _client.CoreV1.ListNamespacedServiceAsync(ns)).Items.Select(s => s.Metadata.Name).Order(StringComparer.Ordinal);
        Assert.Equal(["dir-a", "first", "from-json", "second"], names);
    }

    [ToolFact("kubectl")]
    public async Task Create_with_server_dry_run_validates_and_stores_nothing()
    {
        var (ns, kubectl) = await SetUpAsync();
        var output = await kubectl.SucceedAsync("create", "-f", kubectl.WriteManifest("svc.yaml", ServiceYaml("dry")), "-n", ns, "--dry-run=server");

        Assert.Equal("service/dry created (server dry run)\n", output);
        Assert.Empty((await _client.CoreV1.ListNamespacedServiceAsync(ns)).Items);
    }

    [ToolFact("kubectl")]
    public async Task Explain_service_spec_ports_prints_the_field_docs_types_required_fields_and_enums()
    {
        var kubectl = Kubectl.For(fixture.Server, _scratch);
        var lines = (await kubectl.SucceedAsync("explain", "service.spec.ports")).Split('\n');

        Assert.Equal("KIND:       Service", lines[0]);
        Assert.Equal("VERSION:    v1", lines[1]);
        Assert.Contains("FIELD: ports <[]ServicePort>", lines);
        Assert.Contains("    The list of ports that are exposed by this service. More info:", lines);
        Assert.Contains("    ServicePort contains information on service's port.", lines);
        Assert.Contains("  port\t<integer> -required-", lines);
        Assert.Contains("    The port that will be exposed by this service.", lines);
        Assert.Contains("  targetPort\t<IntOrString>", lines);
        var protocol = Array.IndexOf(lines, "  protocol\t<string>");
        Assert.True(protocol > 0, string.Join('\n', lines));
        Assert.Equal("  enum: SCTP, TCP, UDP", lines[protocol + 1]);
    }

    [ToolFact("kubectl")]
    public async Task Explain_pod_spec_containers_recursive_prints_the_nested_fields()
    {
        var kubectl = Kubectl.For(fixture.Server, _scratch);
        var lines = (await kubectl.SucceedAsync("explain", "pod.spec.containers", "--recursive")).Split('\n');

        Assert.Equal("KIND:       Pod", lines[0]);
        Assert.Contains("FIELD: containers <[]Container>", lines);
        Assert.Contains("  name\t<string> -required-", lines);
        Assert.Contains("  image\t<string>", lines);
        var env = Array.IndexOf(lines, "  env\t<[]EnvVar>");
        Assert.True(env > 0, string.Join('\n', lines));
        Assert.Equal("    name\t<string> -required-", lines[env + 1]);
        Assert.Contains("    containerPort\t<integer> -required-", lines);
        Assert.Contains("    limits\t<map[string]Quantity>", lines);
    }

    private async Task<(string Namespace, Kubectl Kubectl)> SetUpAsync()
    {
        var name = "oa-" + Guid.NewGuid().ToString("N")[..8];
        await _client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        return (name, Kubectl.For(fixture.Server, _scratch));
    }
}
