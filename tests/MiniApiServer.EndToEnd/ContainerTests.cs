using YamlDotNet.RepresentationModel;

namespace MiniApiServer.EndToEnd;

/// <summary>
/// The container files. No container engine runs on these machines, so the image is never built here: the compose
/// file is checked by <c>docker-compose config</c> (which validates offline) and the Dockerfile by what it says.
/// </summary>
public sealed class ContainerTests
{
    [ToolFact("docker-compose")]
    public async Task Docker_compose_config_accepts_the_apiserver_service_with_its_named_volume_and_port_8080()
    {
        var compose = ExternalTool.Require("docker-compose");

        var result = await ExternalTool.RunAsync(compose, ["--file", RepositoryRoot.Combine("docker-compose.yml"), "config"],
            TimeSpan.FromSeconds(60), RepositoryRoot.Path);

        Assert.True(result.ExitCode == 0, $"docker-compose config failed: {result}");
        var yaml = new YamlStream();
        yaml.Load(new StringReader(result.StandardOutput));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var services = (YamlMappingNode)root["services"];
        Assert.Equal(["apiserver"], services.Children.Keys.Select(k => k.ToString()));
        var apiserver = (YamlMappingNode)services["apiserver"];

        var build = (YamlMappingNode)apiserver["build"];
        Assert.Equal(RepositoryRoot.Path, build["context"].ToString());
        Assert.Equal("Dockerfile", build["dockerfile"].ToString());

        var port = (YamlMappingNode)Assert.Single(((YamlSequenceNode)apiserver["ports"]).Children);
        Assert.Equal(("8080", "8080"), (port["published"].ToString(), port["target"].ToString()));

        var volume = Assert.Single(((YamlSequenceNode)apiserver["volumes"]).Children).ToString();
        Assert.Equal("apiserver-data:/data:rw", volume);
        Assert.Equal(["apiserver-data"], ((YamlMappingNode)root["volumes"]).Children.Keys.Select(k => k.ToString()));
    }

    [Fact]
    public void Dockerfile_builds_on_the_sdk_image_runs_on_the_aspnet_image_and_serves_port_8080_with_data_in_a_volume()
    {
        var lines = File.ReadAllLines(RepositoryRoot.Combine("Dockerfile"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToList();
        var froms = lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();

        Assert.Equal(["FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build", "FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime"], froms);
        // The build stage needs every input of the server project, the embedded example manifests included.
        Assert.Contains("COPY api/examples/ api/examples/", lines);
        var runtime = lines.SkipWhile(l => !l.StartsWith("FROM mcr.microsoft.com/dotnet/aspnet", StringComparison.Ordinal)).ToList();
        Assert.Contains("VOLUME /data", runtime);
        Assert.Contains("EXPOSE 8080", runtime);
        Assert.Equal("""ENTRYPOINT ["dotnet", "MiniApiServer.dll", "--urls", "http://0.0.0.0:8080", "--data-dir", "/data"]""", runtime[^1]);
        Assert.True(File.Exists(RepositoryRoot.Combine(".dockerignore")), ".dockerignore keeps bin/obj and data out of the build context");
    }
}
