using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace AccessTokens.Benchmarks;

/// <summary>
/// The benchmark harness. <c>serve</c> runs the service and the baselines for the HTTP load
/// (scripts/bench.sh drives wrk against them); <c>inproc</c> measures grain checks inside a silo; <c>stop</c> times a
/// graceful stop with many active tokens; <c>spray</c> sends wrong Basic passwords from many loopback addresses while
/// wrk measures the token check beside it;
/// <c>micro</c> runs the BenchmarkDotNet micro-benchmarks of the hot path's CPU work; <c>smoke</c> runs a
/// one-second version of all of it so CI keeps the harness working.
/// </summary>
public static class BenchmarkCommands
{
    /// <summary>Runs the command named by the first argument.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var options = Options.Parse(args.Skip(1));
        switch (args.FirstOrDefault())
        {
            case "serve":
                await ServeCommand.RunAsync(options);
                return 0;
            case "inproc":
                await InProcessCommand.RunAsync(options);
                return 0;
            case "stop":
                await StopCommand.RunAsync(options);
                return 0;
            case "spray":
                await SprayCommand.RunAsync(options);
                return 0;
            case "cluster-setup":
                await ClusterCommands.SetupAsync(options);
                return 0;
            case "cluster-report":
                await ClusterCommands.ReportAsync(options);
                return 0;
            case "micro":
                BenchmarkSwitcher.FromAssembly(typeof(BenchmarkCommands).Assembly).Run([.. args.Skip(1)]);
                return 0;
            case "smoke":
                await InProcessCommand.RunAsync(Options.Parse(["--smoke", "true", .. args.Skip(1)]));
                BenchmarkRunner.Run<HotPathBenchmarks>(ManualConfig.CreateMinimumViable()
                    .AddJob(Job.Dry.WithToolchain(InProcessEmitToolchain.Instance)));
                Console.WriteLine("smoke: done");
                return 0;
            default:
                Console.Error.WriteLine("usage: AccessTokens.Benchmarks serve|inproc|stop|spray|cluster-setup|cluster-report|micro|smoke [--option value ...]");
                return 2;
        }
    }
}

/// <summary><c>--name value</c> pairs.</summary>
public sealed class Options(Dictionary<string, string> values)
{
    /// <summary>Parses <c>--name value</c> pairs.</summary>
    public static Options Parse(IEnumerable<string> args)
    {
        var list = args.ToList();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < list.Count; i += 2)
        {
            values[list[i].TrimStart('-')] = list[i + 1];
        }

        return new Options(values);
    }

    /// <summary>A text option.</summary>
    public string? Text(string name) => values.GetValueOrDefault(name);

    /// <summary>A whole-number option.</summary>
    public int Number(string name, int fallback) =>
        values.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    /// <summary>A flag option.</summary>
    public bool Flag(string name) => values.TryGetValue(name, out var text) && bool.Parse(text);

    /// <summary>A duration option: <c>hh:mm:ss</c>, or seconds with an <c>s</c> (<c>15s</c>) as wrk takes them.</summary>
    public TimeSpan Duration(string name, TimeSpan fallback) =>
        !values.TryGetValue(name, out var text) ? fallback
        : text.EndsWith('s') ? TimeSpan.FromSeconds(double.Parse(text[..^1], CultureInfo.InvariantCulture))
        : TimeSpan.Parse(text, CultureInfo.InvariantCulture);
}
