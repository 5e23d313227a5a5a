namespace MiniApiServer.EndToEnd;

/// <summary>Start-up refusals: each ends the process with a non-zero exit and one line on stderr.</summary>
public sealed class StartupTests
{
    [Fact]
    public async Task A_second_server_on_the_same_data_directory_refuses_to_start()
    {
        using var data = new TempDirectory();
        await using var first = await ServerProcess.StartAsync(data.Path);

        var (exitCode, _, stderr) = await ServerProcess.RunToExitAsync(data.Path);

        Assert.NotEqual(0, exitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"Error: data directory {data.Path} is in use by another MiniApiServer process", line, StringComparison.Ordinal);
        using var http = new HttpClient { BaseAddress = first.BaseAddress };
        Assert.Equal("ok", await http.GetStringAsync("/readyz"));
    }

    [Theory]
    [InlineData("--service-cluster-ip-range", "bogus",
        "Error: invalid argument \"bogus\" for \"--service-cluster-ip-range\" flag: invalid CIDR address: bogus")]
    [InlineData("--service-cluster-ip-range", "10.0.0.0/8",
        "Error: specified --service-cluster-ip-range is too large; for 32-bit addresses, the mask must be >= 12")]
    [InlineData("--service-node-port-range", "5-1",
        "Error: invalid argument \"5-1\" for \"--service-node-port-range\" flag: invalid port range: 5-1")]
    public async Task A_bad_flag_value_stops_start_up_with_one_line_and_a_non_zero_exit(string flag, string value, string error)
    {
        using var data = new TempDirectory();

        var (exitCode, stdout, stderr) = await ServerProcess.RunToExitAsync(data.Path, [flag, value]);

        Assert.NotEqual(0, exitCode);
        Assert.Equal(error, Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Equal("", stdout);
    }
}
