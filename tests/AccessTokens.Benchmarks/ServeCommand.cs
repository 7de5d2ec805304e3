using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using AccessTokens.Silo;
using AccessTokens.Tokens;
using Microsoft.IdentityModel.Tokens;
using Npgsql;
using StackExchange.Redis;

namespace AccessTokens.Benchmarks;

/// <summary>
/// Runs, in one process, the service under test (a co-hosted silo on PostgreSQL) and the baselines (bare Kestrel,
/// PostgreSQL lookup, lookup + UPDATE, stateless JWT, and Redis when <c>--redis host:port</c> is given), creates the
/// tokens through the service's API (measuring creation at concurrency 16), loads the same tokens into the baseline
/// table and Redis, writes for wrk their values, one JWT per token, and made-up token values of the right shape (with
/// <c>--limited-file</c>, as many tokens again with a rate limit and a quota, and their values), and waits for SIGTERM.
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
        var jwtFile = options.Text("jwt-file") ?? tokensFile + ".jwt";
        var forgedFile = options.Text("forged-file") ?? tokensFile + ".forged";

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
        // A key of its own each run: the JWTs of an earlier run must not pass.
        var jwtKey = new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32));
        await using var jwt = await Baselines.StartJwtAsync(options.Number("jwt-port", 5104), jwtKey);
        // One multiplexer for the whole process, as StackExchange.Redis is meant to be used.
        await using var redis = options.Text("redis") is { } redisEndpoint ? await ConnectionMultiplexer.ConnectAsync(redisEndpoint) : null;
        await using var redisBaseline = redis is null ? null : await Baselines.StartRedisAsync(options.Number("redis-port", 5105), redis.GetDatabase());
        var inMemory = new System.Collections.Concurrent.ConcurrentDictionary<string, (byte[] Hash, string User)>(StringComparer.Ordinal);
        await using var memoryBaseline = await Baselines.StartInMemoryAsync(options.Number("memory-port", 5106), inMemory);

        var limitedFile = options.Text("limited-file");
        var (tokens, limited, creationRate) = await TokenSetup.CreateThroughApiAsync(
            new Uri($"http://127.0.0.1:{options.Number("service-port", 5100)}"), AdminPassword, tokenCount, limitedFile is null ? 0 : tokenCount);

        await Baselines.LoadAsync(database, tokens);
        Baselines.LoadInMemory(inMemory, tokens);
        if (redis is not null)
        {
            await Baselines.LoadRedisAsync(redis.GetDatabase(), tokens);
        }

        await File.WriteAllLinesAsync(tokensFile, tokens.Select(token => token.Value));
        await File.WriteAllLinesAsync(tokensFile + ".ids", tokens.Select(token => token.Id));
        if (limitedFile is not null)
        {
            // As many tokens again, each with a rate limit and a quota: the check's cost with its policies.
            await File.WriteAllLinesAsync(limitedFile, limited.Select(token => token.Value));
        }

        // Valid for a day: longer than any run, so no JWT expires during one.
        await File.WriteAllLinesAsync(jwtFile, Baselines.IssueJwts(jwtKey, tokens, TimeSpan.FromDays(1)));
        // Well-formed values (checksum right) with random ids that no key of the service signed: what a flood of made-up
        // tokens sends. The service refuses them by the id's signature, before any grain or store read.
        await File.WriteAllLinesAsync(forgedFile, Enumerable.Range(0, options.Number("forged", 10_000)).Select(_ => TokenValue.Generate("smat").Value));
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
