using System.Diagnostics;
using AccessTokens.Tests.Infrastructure;

namespace AccessTokens.Tests.Cluster;

public sealed class OperatorScriptTests
{
    [Fact]
    public async Task The_cluster_script_starts_postgresql_and_three_silos_and_stops_them_cleanly()
    {
        var root = Repository.Root;
        var start = new ProcessStartInfo("bash", ["scripts/cluster.sh", "--smoke"])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PG_PORT"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var script = Process.Start(start)!;
        var output = script.StandardOutput.ReadToEndAsync();
        var error = script.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await script.WaitForExitAsync(timeout.Token);

        var text = await output + await error;
        Assert.True(script.ExitCode == 0, text);
        Assert.Contains("smoke test passed", text, StringComparison.Ordinal);
        Assert.Contains("Stopped.", text, StringComparison.Ordinal);
        var dataDirectory = Path.Combine(root, "artifacts", "cluster", "pg", "data");
        Assert.False(File.Exists(Path.Combine(dataDirectory, "postmaster.pid")), "PostgreSQL is still running");
    }
}
