using System.Diagnostics;
using System.Globalization;
using AccessTokens.Silo;
using AccessTokens.Tokens;

namespace AccessTokens.Benchmarks;

/// <summary>
/// How long a graceful stop of a silo takes with many active token grains, each used since its date of last use was last
/// written (the most a stop can have to write), alone and beside another silo it hands them over to; and how many of those
/// dates were lost. Prints one line per figure.
/// </summary>
public static class StopCommand
{
    private static readonly ParallelOptions Sixteen = new() { MaxDegreeOfParallelism = 16 };

    /// <summary>Runs the command: <c>--postgres</c> (required), <c>--tokens</c> (default 100,000).</summary>
    public static async Task RunAsync(Options options)
    {
        var postgres = options.Text("postgres") ?? throw new ArgumentException("--postgres <connection string> is required");
        var count = options.Number("tokens", 100_000);
        var cluster = "stop-" + Guid.NewGuid().ToString("N")[..8];
        string[] arguments =
        [
            "--Storage:Provider=PostgreSql",
            $"--Storage:ConnectionString={postgres}",
            "--Cluster:Provider=AdoNet",
            $"--Cluster:ClusterId={cluster}",
            "--urls=http://127.0.0.1:0",
            "--Bootstrap:AdminPassword=benchmark-admin-password",
            "--AccessTokens:CatalogShards=1024",
            "--AccessTokens:LastUseFlushInterval=01:00:00",
            "--Logging:LogLevel:Default=Warning",
        ];

        // Alone: no silo to hand over to, so the stop writes what its budget allows.
        var alone = Start(arguments);
        await alone.StartAsync();
        var tokens = await InProcessCommand.CreateAsync(alone.Services.GetRequiredService<IGrainFactory>(), "stop", count);
        await MeasureStopAsync(alone, null, tokens, "alone");

        // Beside another silo: the stopping one hands its tokens over.
        var first = Start(arguments);
        await first.StartAsync();
        var peer = Start(arguments);
        await peer.StartAsync();
        await MeasureStopAsync(first, peer, tokens, "beside another silo");
        await peer.StopAsync();
        await peer.DisposeAsync();
    }

    // Activates every token on the stopping silo with a use not yet written, stops it, and counts the uses the cluster
    // (the peer, or a silo started afterwards) no longer knows.
    private static async Task MeasureStopAsync(WebApplication stopping, WebApplication? peer, List<(string Id, CheckRequest Request)> tokens, string where)
    {
        var grains = stopping.Services.GetRequiredService<IGrainFactory>();
        await grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var local = stopping.Services.GetRequiredService<LocalTokenChecks>();
        var usedAt = DateTimeOffset.UtcNow;
        await Parallel.ForEachAsync(tokens, Sixteen, async (token, cancellation) =>
        {
            // Through the stopping silo's in-place check when the grain lives there, as its API would.
            if (!local.TryCheck(token.Id, token.Request, out _))
            {
                await grains.GetGrain<IAccessTokenGrain>(token.Id).CheckAsync(token.Request);
            }
        });
        var held = tokens.Count(token => local.TryCheck(token.Id, token.Request, out _));

        var again = Arguments(stopping);
        var clock = Stopwatch.StartNew();
        await stopping.StopAsync();
        var stopped = clock.Elapsed;
        await stopping.DisposeAsync();
        InProcessCommand.Report("PostgreSQL", $"graceful stop {where}, {held:N0} active tokens each with an unwritten use",
            string.Create(CultureInfo.InvariantCulture, $"{stopped.TotalSeconds:F1} s"));

        var reader = peer ?? Start(again);
        if (peer is null)
        {
            await reader.StartAsync();
        }

        var readerGrains = reader.Services.GetRequiredService<IGrainFactory>();
        var missing = 0;
        await Parallel.ForEachAsync(tokens, Sixteen, async (token, _) =>
        {
            var view = await ReadAsync(readerGrains.GetGrain<IAccessTokenGrain>(token.Id));
            if (view?.LastUsedAt is not { } lastUsed || lastUsed < usedAt)
            {
                Interlocked.Increment(ref missing);
            }
        });
        InProcessCommand.Report("PostgreSQL", $"dates of last use lost by that stop ({where})", string.Create(CultureInfo.InvariantCulture, $"{missing:N0} of {tokens.Count:N0}"));
        if (peer is null)
        {
            await reader.StopAsync();
            await reader.DisposeAsync();
        }
    }

    // The silo that took the tokens over is writing their dates meanwhile, and may keep the store's connections busy for
    // longer than a read waits: a read the store refused (an OrleansException around the store's failure) or that did not
    // answer within Orleans' response timeout is asked again; the activation's first read failed, not the token.
    private static async Task<AccessTokenView?> ReadAsync(IAccessTokenGrain token)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await token.GetAsync();
            }
            catch (Exception exception) when (exception is OrleansException or TimeoutException && attempt < 10)
            {
                await Task.Delay(TimeSpan.FromSeconds(attempt));
            }
        }
    }

    private static string[] Arguments(WebApplication app) => [.. app.Configuration.AsEnumerable()
        .Where(pair => pair.Value is not null && (pair.Key.StartsWith("Storage:", StringComparison.Ordinal) || pair.Key.StartsWith("Cluster:", StringComparison.Ordinal)
            || pair.Key.StartsWith("AccessTokens:", StringComparison.Ordinal) || pair.Key.StartsWith("Bootstrap:", StringComparison.Ordinal)))
        .Where(pair => pair.Key is not ("Cluster:SiloPort" or "Cluster:GatewayPort"))
        .Select(pair => $"--{pair.Key}={pair.Value}"), "--urls=http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"];

    private static WebApplication Start(string[] arguments) => SiloApplication.Build(
    [
        .. arguments,
        $"--Cluster:SiloPort={InProcessCommand.FreePort()}",
        $"--Cluster:GatewayPort={InProcessCommand.FreePort()}",
    ]);
}
