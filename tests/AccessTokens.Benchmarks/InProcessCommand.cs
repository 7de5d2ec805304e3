using AccessTokens.Common;
using System.Diagnostics;
using System.Globalization;
using Orleans.Storage;
using AccessTokens.Profiles;
using AccessTokens.Resources;
using AccessTokens.Silo;
using AccessTokens.Tokens;
using AccessTokens.Users;

namespace AccessTokens.Benchmarks;

/// <summary>
/// Grain checks inside a co-hosted silo, without HTTP: hot throughput at concurrency 64, hot latency at
/// concurrency 1, cold latency (grain not active, state in the store), and memory per active token grain.
/// Prints one line per figure.
/// </summary>
public static class InProcessCommand
{
    private static int memoryTokens = 100_000;
    private static TimeSpan memorySettle = TimeSpan.FromSeconds(60);
    private static int hotTokens = 10_000;
    private static TimeSpan roundDuration = TimeSpan.FromSeconds(10);
    private static int latencyChecks = 200_000;
    private static int coldChecks = 2_000;

    // Activations and creations run 16 at a time.
    private static readonly ParallelOptions Sixteen = new() { MaxDegreeOfParallelism = 16 };

    /// <summary>
    /// Runs the command: <c>--postgres</c> adds PostgreSQL before SQLite; the sizes default to the full run's
    /// (<c>--hot-tokens</c> 10,000, <c>--seconds</c> 10 a throughput round, <c>--latency-checks</c> 200,000,
    /// <c>--cold-checks</c> 2,000, <c>--memory-tokens</c> 100,000, <c>--memory-settle</c> 60), smaller ones make a quick run.
    /// </summary>
    public static async Task RunAsync(Options options)
    {
        var smoke = options.Flag("smoke");
        var stores = new List<(string Name, string[] Arguments)>();
        if (options.Text("postgres") is { } postgres)
        {
            stores.Add(("PostgreSQL", ["--Storage:Provider=PostgreSql", $"--Storage:ConnectionString={postgres}"]));
        }

        var directory = Directory.CreateTempSubdirectory("accesstokens-bench-").FullName;
        stores.Add(("SQLite", [$"--Storage:ConnectionString=Data Source={Path.Combine(directory, "bench.db")}"]));
        // Memory is measured once, on the first store (PostgreSQL when given: creating 100,000 tokens is
        // far quicker there than through SQLite's one writer).
        var memory = options.Flag("memory") || smoke;
        memoryTokens = options.Number("memory-tokens", smoke ? 2_000 : 100_000);
        memorySettle = TimeSpan.FromSeconds(options.Number("memory-settle", smoke ? 0 : 60));
        hotTokens = options.Number("hot-tokens", smoke ? 200 : 10_000);
        roundDuration = smoke ? TimeSpan.FromMilliseconds(250) : TimeSpan.FromSeconds(options.Number("seconds", 10));
        latencyChecks = options.Number("latency-checks", smoke ? 2_000 : 200_000);
        coldChecks = Math.Min(hotTokens, options.Number("cold-checks", smoke ? 100 : 2_000));
        foreach (var (name, arguments) in stores)
        {
            await MeasureStoreAsync(name, arguments, memory);
            memory = false;
        }

        Directory.Delete(directory, recursive: true);
    }

    private static async Task MeasureStoreAsync(string store, string[] storeArguments, bool memory)
    {
        var app = SiloApplication.Build(
        [
            .. storeArguments,
            $"--urls=http://127.0.0.1:0",
            $"--Cluster:SiloPort={FreePort()}",
            $"--Cluster:GatewayPort={FreePort()}",
            "--Bootstrap:AdminPassword=benchmark-admin-password",
            "--AccessTokens:CatalogShards=1024",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await app.StartAsync();
        var grains = app.Services.GetRequiredService<IGrainFactory>();
        var tokens = await CreateAsync(grains, "hot", hotTokens);
        var requests = tokens.Select(token => (Grain: grains.GetGrain<IAccessTokenGrain>(token.Id), Request: token.Request)).ToArray();
        foreach (var (grain, request) in requests)
        {
            await grain.CheckAsync(request);
        }

        // A warm-up, then the median of three rounds: on a shared machine one round can be far off the others.
        await ThroughputAsync(requests, 64, roundDuration / 5);
        var rounds = new double[3];
        for (var round = 0; round < rounds.Length; round++)
        {
            rounds[round] = await ThroughputAsync(requests, 64, roundDuration);
        }

        var median = rounds.Order().ElementAt(rounds.Length / 2);
        Report(store, "hot check throughput, concurrency 64", $"{median:F0} checks/s (median of {string.Join(", ", rounds.Select(rate => $"{rate:F0}"))})");

        // The same checks of tokens that each carry a rate limit and a quota, far above what the rounds reach: every
        // check is admitted and counted against both. Plain and limited rounds alternate, so both see the same machine.
        var limitedTokens = await CreateAsync(grains, "limited", hotTokens, TokenSetup.LimitedRateLimit, TokenSetup.LimitedQuota);
        var limitedRequests = limitedTokens.Select(token => (Grain: grains.GetGrain<IAccessTokenGrain>(token.Id), Request: token.Request)).ToArray();
        await ThroughputAsync(limitedRequests, 64, roundDuration / 5);
        var plain = new double[3];
        var limited = new double[3];
        for (var round = 0; round < limited.Length; round++)
        {
            plain[round] = await ThroughputAsync(requests, 64, roundDuration);
            limited[round] = await ThroughputAsync(limitedRequests, 64, roundDuration);
        }

        var plainMedian = plain.Order().ElementAt(1);
        var limitedMedian = limited.Order().ElementAt(1);
        Report(store, "hot check throughput, concurrency 64, token with a rate limit and a quota", string.Create(CultureInfo.InvariantCulture,
            $"{limitedMedian:F0} checks/s beside {plainMedian:F0} plain in alternate rounds: {limitedMedian / plainMedian:F2} × (medians of 3)"));
        var hot = await LatenciesAsync(requests, latencyChecks);
        Report(store, "hot check latency, concurrency 1", $"p50 {Percentile(hot, 50):F3} ms, p99 {Percentile(hot, 99):F3} ms");

        var management = grains.GetGrain<IManagementGrain>(0);
        var coldSet = requests.Take(coldChecks).ToArray();
        await management.ForceActivationCollection(TimeSpan.Zero);
        var cold = await LatenciesAsync(coldSet, coldSet.Length);
        Report(store, "cold check latency (activation + state read), concurrency 1", $"p50 {Percentile(cold, 50):F3} ms, p99 {Percentile(cold, 99):F3} ms");

        if (memory)
        {
            await MeasureMemoryAsync(store, grains, management, memoryTokens, memorySettle);
        }

        await app.StopAsync();
        await app.DisposeAsync();
    }

    private static async Task MeasureMemoryAsync(string store, IGrainFactory grains, IManagementGrain management, int count, TimeSpan settle)
    {
        var tokens = await CreateAsync(grains, "memory", count);
        await management.ForceActivationCollection(TimeSpan.Zero);
        var before = Settle();
        await Parallel.ForEachAsync(tokens, Sixteen, async (token, _) => await grains.GetGrain<IAccessTokenGrain>(token.Id).CheckAsync(token.Request));
        // Steady state of a used token: its date of last use written (one flush interval, 30 s, after the
        // check, at the pace the store takes 100,000 writes) and nothing left queued. The smoke run does not wait.
        Console.WriteLine($"MEMORY settling for {settle.TotalSeconds} s (pid {Environment.ProcessId})");
        await Task.Delay(settle);
        var after = Settle();
        var perGrain = (after - before) / (double)count;
        using var process = Process.GetCurrentProcess();
        Report(store, $"memory per active token grain ({count:N0} active)", $"{perGrain:F0} bytes managed heap; process working set {process.WorkingSet64 / 1024.0 / 1024.0:F0} MiB");

        // The same tokens checked again from a client's address, as every check over HTTP is: each then also keeps the
        // address it was used from (its recent addresses), again once its date of last use is written.
        var client = System.Net.IPAddress.Parse("192.0.2.10");
        await Parallel.ForEachAsync(tokens, Sixteen, async (token, _) => await grains.GetGrain<IAccessTokenGrain>(token.Id).CheckAsync(token.Request with { Address = client }));
        await Task.Delay(settle);
        var fromAddress = (Settle() - before) / (double)count;
        Report(store, $"memory per active token grain used from an address, as over HTTP ({count:N0} active)", $"{fromAddress:F0} bytes managed heap");

        // The same count of grains that hold and do nothing: what Orleans itself keeps per activation. Like the
        // tokens (created, then collected), they are activated once before the measured activation.
        Task PingAllAsync() => Parallel.ForEachAsync(Enumerable.Range(0, count), Sixteen, async (index, _) => await grains.GetGrain<IBareGrain>(index).PingAsync());

        await PingAllAsync();
        await management.ForceActivationCollection(TimeSpan.Zero);
        before = Settle();
        await PingAllAsync();
        var floor = (Settle() - before) / (double)count;
        Report(store, $"memory per active grain with no state and no code ({count:N0} active)", $"{floor:F0} bytes managed heap (the floor of any activation)");
    }

    private static long Settle()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    // A hundred tokens per user, as a user's record lists its tokens.
    internal static async Task<List<(string Id, CheckRequest Request)>> CreateAsync(
        IGrainFactory grains, string prefix, int count, RateLimit? rateLimit = null, Quota? quota = null)
    {
        // On the store the HTTP run left, User already opens "requests": changing it again would push to
        // every token of that run.
        await grains.GetGrain<IResourceCatalogGrain>(0).CreateAsync("requests", new ResourceDefinition("Benchmark resource", null), Caller.Service);
        var profiles = grains.GetGrain<IProfileCatalogGrain>(0);
        if ((await profiles.GetGrantsAsync(BuiltInProfiles.User))?.Allows("requests", ResourceAccess.ReadWrite) != true)
        {
            await profiles.UpdateAsync(BuiltInProfiles.User, new ProfileDefinition(null, null, [new ResourceGrant("requests", ResourceAccess.ReadWrite)], null), Caller.Service);
        }
        var users = Enumerable.Range(0, (count + 99) / 100).Select(i => grains.GetGrain<IUserGrain>($"{prefix}-{i:00000}")).ToArray();
        foreach (var created in users)
        {
            await created.CreateAsync(new NewUser("In-process benchmark", BuiltInProfiles.User, null), Caller.Service);
        }

        var tokens = new (string Id, CheckRequest Request)[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), Sixteen, async (index, _) =>
        {
            // Spread over the users, whose grains each issue one token at a time.
            var created = await CreateTokenAsync(users[index % users.Length], new NewAccessToken($"bench {index}", ["requests"], null, null, rateLimit, quota));
            TokenValue.TryParse(created.Value, "smat", out var id, out var hash);
            tokens[index] = (id, new CheckRequest(hash, "requests"));
        });
        return [.. tokens];
    }

    // A creation refused because the user's activation held an out-of-date copy of its record is asked again, as a
    // client would: the refusal deactivated that copy, and the next call reads the stored record.
    private static async Task<CreatedAccessToken> CreateTokenAsync(IUserGrain user, NewAccessToken request)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await user.CreateTokenAsync(request, Caller.Service);
            }
            catch (InconsistentStateException conflict) when (attempt < 3)
            {
                Console.WriteLine($"creation refused once ({conflict.Message}); asking again");
            }
        }
    }

    private static async Task<double> ThroughputAsync((IAccessTokenGrain Grain, CheckRequest Request)[] requests, int concurrency, TimeSpan duration)
    {
        long total = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            var done = 0L;
            for (var i = worker; clock.Elapsed < duration; i += concurrency)
            {
                var (grain, request) = requests[i % requests.Length];
                await grain.CheckAsync(request);
                done++;
            }

            Interlocked.Add(ref total, done);
        })));
        return total / clock.Elapsed.TotalSeconds;
    }

    private static async Task<double[]> LatenciesAsync((IAccessTokenGrain Grain, CheckRequest Request)[] requests, int count)
    {
        var latencies = new double[count];
        for (var i = 0; i < count; i++)
        {
            var (grain, request) = requests[i % requests.Length];
            var started = Stopwatch.GetTimestamp();
            await grain.CheckAsync(request);
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(latencies);
        return latencies;
    }

    private static double Percentile(double[] sorted, int percentile) =>
        sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1)];

    internal static void Report(string store, string what, string figure) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT | {what} | {store} | {figure}"));

    internal static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
