using System.Globalization;
using System.Runtime.InteropServices;
using AccessTokens.Silo;
using Npgsql;

namespace AccessTokens.Benchmarks;

/// <summary>
/// Runs, in one process, the service under test (a co-hosted silo on PostgreSQL) and the three baselines,
/// creates the tokens through the service's API (measuring creation at concurrency 16), loads the same
/// tokens into the baseline table, writes their values to a file for wrk, and waits for SIGTERM.
/// </summary>
public static class ServeCommand
{
    /// <summary>The bootstrap administrator's password in benchmark runs.</summary>
    public const string AdminPassword = "benchmark-admin-password";

    /// <summary>Runs the command.</summary>
    public static async Task RunAsync(Options options)
    {
        var connectionString = options.Text("postgres") ?? throw new ArgumentException("--postgres <connection string> is required");
        var tokenCount = options.Number("tokens", 10_000);
        var tokensFile = options.Text("tokens-file") ?? "tokens.txt";
        var flush = options.Duration("flush", TimeSpan.FromSeconds(30));

        var service = SiloApplication.Build(
        [
            $"--urls=http://127.0.0.1:{options.Number("service-port", 5100)}",
            "--Storage:Provider=PostgreSql",
            $"--Storage:ConnectionString={connectionString}",
            $"--Cluster:SiloPort={options.Number("silo-port", 11200)}",
            $"--Cluster:GatewayPort={options.Number("gateway-port", 30200)}",
            $"--Bootstrap:AdminPassword={AdminPassword}",
            $"--AccessTokens:LastUseFlushInterval={flush}",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await service.StartAsync();
        await using var database = NpgsqlDataSource.Create(connectionString);
        await using var bare = await Baselines.StartBareAsync(options.Number("bare-port", 5101));
        await using var lookup = await Baselines.StartLookupAsync(options.Number("lookup-port", 5102), database, updateLastUse: false);
        await using var update = await Baselines.StartLookupAsync(options.Number("update-port", 5103), database, updateLastUse: true);

        var (tokens, creationRate) = await TokenSetup.CreateThroughApiAsync(
            new Uri($"http://127.0.0.1:{options.Number("service-port", 5100)}"), AdminPassword, tokenCount);

        await Baselines.LoadAsync(database, tokens);
        await File.WriteAllLinesAsync(tokensFile, tokens.Select(token => token.Value));
        await File.WriteAllLinesAsync(tokensFile + ".ids", tokens.Select(token => token.Id));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CREATED {tokenCount} tokens through the API at concurrency 16: {creationRate:F0} tokens/s"));
        Console.WriteLine("READY");

        using var stopping = new CancellationTokenSource();
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stopping.Cancel();
        });
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            context.Cancel = true;
            stopping.Cancel();
        });
        try
        {
            await Task.Delay(Timeout.Infinite, stopping.Token);
        }
        catch (OperationCanceledException)
        {
            // Asked to stop.
        }

        await service.StopAsync();
        await service.DisposeAsync();
    }
}
