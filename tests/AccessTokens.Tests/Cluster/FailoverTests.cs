using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AccessTokens.Tests.Infrastructure;
using Xunit.Abstractions;

namespace AccessTokens.Tests.Cluster;

/// <summary>Silo crashes and rolling restarts, each on a cluster of its own.</summary>
public sealed class FailoverTests(ITestOutputHelper output)
{
    /// <summary>The bound stated in the README: a dead silo's tokens answer again on the survivors within this.</summary>
    private static readonly TimeSpan FailoverBound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_killed_silo_loses_nothing_and_its_tokens_answer_again_on_the_survivors_within_the_bound()
    {
        var store = await (await PostgresServer.Shared).CreateDatabaseAsync();
        var clusterId = "kill-" + Guid.NewGuid().ToString("N")[..8];
        var silos = await Task.WhenAll(new[] { "A", "B", "C" }.Select(name =>
            SiloProcess.StartSiloAsync(name, store, clusterId, "--AccessTokens:LastUseFlushInterval=01:00:00")));
        var (a, b, c) = (silos[0], silos[1], silos[2]);
        try
        {
            var user = await ClusterApi.CreateUserAsync(a);
            var tokens = new List<(string Id, string Value)>();
            for (var i = 0; i < 24; i++)
            {
                tokens.Add(await ClusterApi.CreateTokenAsync(i % 2 == 0 ? a : c, user));
            }

            var revoked = tokens.Take(4).ToList();
            var live = tokens.Skip(4).ToList();
            foreach (var (id, _) in revoked)
            {
                Assert.Equal(HttpStatusCode.NoContent, (await c.Admin.DeleteAsync($"/api/v1/access-tokens/{id}")).StatusCode);
            }

            var lateUser = await ClusterApi.CreateUserAsync(c);
            await c.Admin.PatchAsJsonAsync($"/api/v1/users/{user}", new { name = "Renamed on C" });
            foreach (var (_, value) in live)
            {
                Assert.Equal(HttpStatusCode.OK, await ClusterApi.CheckAsync(b, value));
            }

            var gateways = new CheckLoop([a, b], [.. live.Select(t => t.Value)]);
            var killedAt = Stopwatch.StartNew();
            c.Kill();

            var recovered = await AllPassWithinAsync([a, b], [.. live.Select(t => t.Value)], FailoverBound);
            await gateways.StopAsync();
            Assert.True(recovered is not null, $"Checks did not all pass again within {FailoverBound}: {string.Join('\n', gateways.Failures.TakeLast(5))}");
            output.WriteLine($"All checks passed again {recovered} after the kill; {gateways.Checks} checks during the failover, {gateways.Failures.Count} refused.");
            Assert.True(gateways.Checks > 0, "the gateways kept checking during the failover");

            // Admin calls are not retried like checks: one that reaches a grain of the killed silo before
            // the cluster has declared it dead answers 503, and the next one succeeds.
            HttpResponseMessage? read = null;
            await Eventually.HoldsAsync(
                async () => (read = await a.Admin.GetAsync($"/api/v1/users/{user}")).StatusCode == HttpStatusCode.OK,
                FailoverBound,
                "admin reads answer again once the cluster has noticed the kill");
            output.WriteLine($"Admin reads answered again {killedAt.Elapsed} after the kill.");
            var renamed = await Problem.JsonAsync(read!);
            Assert.Equal("Renamed on C", renamed.GetProperty("name").GetString());
            Assert.Equal(24, renamed.GetProperty("tokenCount").GetInt32());
            Assert.Equal(HttpStatusCode.OK, (await b.Admin.GetAsync($"/api/v1/users/{lateUser}")).StatusCode);
            foreach (var (id, value) in revoked)
            {
                Assert.Equal(HttpStatusCode.Unauthorized, await ClusterApi.CheckAsync(a, value));
                Assert.Equal("revoked", (await ClusterApi.GetTokenAsync(b, id)).GetProperty("status").GetString());
            }

            var listed = await Problem.JsonAsync(await a.Admin.GetAsync($"/api/v1/access-tokens?user={user}&status=revoked"));
            Assert.Equal(revoked.Select(t => t.Id).Order(), listed.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("id").GetString()!).Order());
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_graceful_stop_flushes_last_use_and_no_check_fails_during_a_rolling_restart()
    {
        var store = await (await PostgresServer.Shared).CreateDatabaseAsync();
        var clusterId = "roll-" + Guid.NewGuid().ToString("N")[..8];
        string[] options = ["--AccessTokens:LastUseFlushInterval=01:00:00"];
        var silos = (await Task.WhenAll(new[] { "A", "B", "C" }.Select(name => SiloProcess.StartSiloAsync(name, store, clusterId, options)))).ToList();
        try
        {
            var (a, b, c) = (silos[0], silos[1], silos[2]);

            // Grains are placed near their caller: a user created through a silo lives there, and so do the
            // tokens it issues. One user per silo puts tokens on the silo that is stopped below.
            var users = new List<string>();
            foreach (var silo in silos)
            {
                users.Add(await ClusterApi.CreateUserAsync(silo));
            }

            var busy = new List<string>();
            var quiet = new List<string>();
            for (var i = 0; i < 24; i++)
            {
                var (silo, user) = (silos[i % 3], users[i % 3]);
                busy.Add((await ClusterApi.CreateTokenAsync(silo, user)).Value);
                var (id, value) = await ClusterApi.CreateTokenAsync(silo, user);
                Assert.Equal(HttpStatusCode.OK, await ClusterApi.CheckAsync(c, value));
                quiet.Add(id);
            }

            var lastUse = new Dictionary<string, string?>();
            foreach (var id in quiet)
            {
                lastUse[id] = (await ClusterApi.GetTokenAsync(a, id)).GetProperty("lastUsedAt").GetString();
                Assert.NotNull(lastUse[id]);
            }

            var gateways = new CheckLoop([a, c], busy);
            await b.StopAsync();
            Assert.Equal(0, b.Output.Split('\n').Count(line => line.Contains("fail:", StringComparison.Ordinal) || line.Contains("crit:", StringComparison.Ordinal)));

            var flushed = 0;
            foreach (var id in quiet)
            {
                Assert.Equal(lastUse[id], (await ClusterApi.GetTokenAsync(a, id)).GetProperty("lastUsedAt").GetString());
                var stored = await StoredState.PayloadAsync(store, id);
                var storedLastUse = JsonDocument.Parse(stored!).RootElement.GetProperty("lastUsedAt");
                if (storedLastUse.ValueKind != JsonValueKind.Null)
                {
                    flushed++;
                    Assert.Equal(DateTimeOffset.Parse(lastUse[id]!, System.Globalization.CultureInfo.InvariantCulture), storedLastUse.GetDateTimeOffset());
                }
            }

            output.WriteLine($"{flushed} of {quiet.Count} quiet tokens lived on the stopped silo.");
            Assert.True(flushed > 0, "no token grain lived on the stopped silo: the test proved nothing");

            silos[1] = await SiloProcess.StartSiloAsync("B again", store, clusterId, options);
            foreach (var id in quiet)
            {
                Assert.Equal(HttpStatusCode.OK, (await silos[1].Admin.GetAsync($"/api/v1/access-tokens/{id}")).StatusCode);
            }

            await gateways.StopAsync();
            Assert.True(gateways.Checks > 100, "the gateways kept checking during the restart");
            Assert.Empty(gateways.Failures);
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }
    }

    private static async Task<TimeSpan?> AllPassWithinAsync(IReadOnlyList<SiloProcess> apis, IReadOnlyList<string> tokens, TimeSpan bound)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < bound)
        {
            var all = true;
            foreach (var api in apis)
            {
                foreach (var token in tokens)
                {
                    if (await ClusterApi.CheckAsync(api, token) != HttpStatusCode.OK)
                    {
                        all = false;
                        break;
                    }
                }

                if (!all)
                {
                    break;
                }
            }

            if (all)
            {
                return clock.Elapsed;
            }

            await Task.Delay(200);
        }

        return null;
    }
}
