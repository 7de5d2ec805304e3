using System.Globalization;
using Orleans.Configuration;
using Orleans.Runtime;

namespace AccessTokens.Benchmarks;

/// <summary>
/// The three-silo measurement: <c>cluster-setup</c> creates the tokens through one silo's API;
/// <c>cluster-report</c> joins the cluster as a client, finds which silo holds each token's grain, and,
/// with the requests each API served, computes the fraction of checks that crossed silos.
/// </summary>
public static class ClusterCommands
{
    /// <summary>Creates the tokens and writes their values and ids.</summary>
    public static async Task SetupAsync(Options options)
    {
        var file = options.Text("tokens-file") ?? "tokens.txt";
        var (tokens, _, rate) = await TokenSetup.CreateThroughApiAsync(
            new Uri(options.Text("api") ?? "http://127.0.0.1:5111"), ServeCommand.AdminPassword, options.Number("tokens", 10_000));
        await File.WriteAllLinesAsync(file, tokens.Select(token => token.Value));
        await File.WriteAllLinesAsync(file + ".ids", tokens.Select(token => token.Id));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CREATED {tokens.Length} tokens at {rate:F0} tokens/s"));
    }

    /// <summary>
    /// Prints the share of token grains each silo holds and the fraction of checks that crossed silos, given
    /// <c>--requests port=count,…</c> (the requests each silo's API served, keyed by its silo port).
    /// </summary>
    public static async Task ReportAsync(Options options)
    {
        var ids = (await File.ReadAllLinesAsync((options.Text("tokens-file") ?? "tokens.txt") + ".ids")).ToHashSet(StringComparer.Ordinal);
        var requests = (options.Text("requests") ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('='))
            .ToDictionary(pair => int.Parse(pair[0], CultureInfo.InvariantCulture), pair => double.Parse(pair[1], CultureInfo.InvariantCulture));

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client => client
            .UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = options.Text("postgres");
            })
            .Configure<ClusterOptions>(o =>
            {
                o.ClusterId = options.Text("cluster-id") ?? "accesstokens";
                o.ServiceId = "accesstokens";
            }));
        using var host = builder.Build();
        await host.StartAsync();
        var management = host.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        var statistics = await management.GetDetailedGrainStatistics();
        var hosted = statistics
            .Where(s => ids.Contains(s.GrainId.Key.ToString()!))
            .GroupBy(s => s.SiloAddress.Endpoint.Port)
            .ToDictionary(group => group.Key, group => group.Count());
        var total = (double)hosted.Values.Sum();
        var allRequests = requests.Values.Sum();
        var crossed = requests.Sum(pair => pair.Value / allRequests * (1 - hosted.GetValueOrDefault(pair.Key) / total));
        foreach (var (port, count) in hosted.OrderBy(pair => pair.Key))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"SILO {port}: {count} token grains ({count / total:P0})"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CROSSED {crossed:P1}"));
        await host.StopAsync();
    }
}
