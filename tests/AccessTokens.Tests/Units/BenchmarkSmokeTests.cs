using System.Diagnostics;
using AccessTokens.Tests.Infrastructure;

namespace AccessTokens.Tests.Units;

public sealed class BenchmarkSmokeTests
{
    [Fact]
    public async Task The_benchmark_harness_runs_a_one_second_smoke()
    {
        // The harness is built with the solution, in the same configuration as this test assembly.
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = testBin.Parent!.Name;
        var harness = Path.Combine(Repository.Root, "tests", "AccessTokens.Benchmarks", "bin", configuration, testBin.Name, "AccessTokens.Benchmarks.dll");
        Assert.True(File.Exists(harness), $"{harness} was not built");
        var start = new ProcessStartInfo("dotnet", [harness, "smoke"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DOTNET_gcServer"] = "0";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);

        var text = await output + await error;
        Assert.True(process.ExitCode == 0, text);
        Assert.Contains("RESULT | hot check throughput, concurrency 64 | SQLite |", text, StringComparison.Ordinal);
        Assert.Contains("RESULT | cold check latency", text, StringComparison.Ordinal);
        Assert.Contains("RESULT | memory per active token grain", text, StringComparison.Ordinal);
        Assert.Contains("smoke: done", text, StringComparison.Ordinal);
    }
}
