namespace MiniApiServer.EndToEnd;

/// <summary>
/// Runs the real kubectl against one server: <c>--server http://127.0.0.1:PORT</c>, an empty kubeconfig and a
/// fresh <c>--cache-dir</c> per command, so no discovery cache or user configuration changes what it sends
/// (kubectl-wire.md §1.2).
/// </summary>
internal sealed class Kubectl(string path, Uri server, TempDirectory scratch)
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    public static Kubectl For(ServerProcess server, TempDirectory scratch)
    {
        var path = ExternalTool.Require("kubectl");
        File.WriteAllText(scratch.Combine("kubeconfig"), "");
        return new Kubectl(path, server.BaseAddress, scratch);
    }

    /// <summary>Writes a manifest into the scratch folder and returns its path.</summary>
    public string WriteManifest(string fileName, string yaml)
    {
        var file = scratch.Combine(fileName);
        File.WriteAllText(file, yaml);
        return file;
    }

    public async Task<ToolResult> RunAsync(params string[] args)
    {
        var cacheDir = scratch.Combine("cache-" + Guid.NewGuid().ToString("N"));
        string[] common = ["--kubeconfig", scratch.Combine("kubeconfig"), "--server", server.ToString().TrimEnd('/'), "--cache-dir", cacheDir];
        // HOME points into the scratch folder too: kubectl must not read or write the user's ~/.kube.
        var environment = new Dictionary<string, string> { ["HOME"] = scratch.Path, ["KUBECONFIG"] = scratch.Combine("kubeconfig") };
        return await ExternalTool.RunAsync(path, [.. args, .. common], CommandTimeout, scratch.Path, environment);
    }

    /// <summary>
    /// Runs a command that does not end by itself (<c>get -w</c>) until its standard output satisfies
    /// <paramref name="done"/>, then stops it and returns that output; fails with the output so far after
    /// <paramref name="patience"/>. <paramref name="meanwhile"/> runs once the command has started.
    /// </summary>
    public async Task<string> WatchUntilAsync(Func<string, bool> done, TimeSpan patience, Func<Task> meanwhile, params string[] args)
    {
        var cacheDir = scratch.Combine("cache-" + Guid.NewGuid().ToString("N"));
        var info = new System.Diagnostics.ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = scratch.Path,
        };
        foreach (var arg in (string[])[.. args, "--kubeconfig", scratch.Combine("kubeconfig"), "--server", server.ToString().TrimEnd('/'), "--cache-dir", cacheDir])
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["HOME"] = scratch.Path;
        info.Environment["KUBECONFIG"] = scratch.Combine("kubeconfig");
        using var process = new System.Diagnostics.Process { StartInfo = info };
        var output = new System.Text.StringBuilder();
        var errors = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.Append(e.Data).Append('\n'); } };
        process.ErrorDataReceived += (_, e) => { lock (errors) { errors.Append(e.Data).Append('\n'); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await meanwhile();
            var deadline = DateTime.UtcNow + patience;
            while (true)
            {
                string text;
                lock (output)
                {
                    text = output.ToString();
                }
                if (done(text))
                {
                    return text;
                }
                Assert.True(DateTime.UtcNow < deadline && !process.HasExited,
                    $"kubectl {string.Join(' ', args)}: not done after {patience.TotalSeconds} s (exited: {process.HasExited})\nstdout:\n{text}\nstderr:\n{errors}");
                await Task.Delay(100);
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
            await process.WaitForExitAsync();
        }
    }

    /// <summary>Runs a command that must succeed and returns its standard output.</summary>
    public async Task<string> SucceedAsync(params string[] args)
    {
        var result = await RunAsync(args);
        Assert.True(result.ExitCode == 0, $"kubectl {string.Join(' ', args)} failed: {result}");
        return result.StandardOutput;
    }
}
