using System.Net;
using System.Net.Http.Json;
using AccessTokens.Tests.Infrastructure;
using AccessTokens.Tokens;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Runtime;

namespace AccessTokens.Tests.Api;

/// <summary>
/// Token ids carry a signature only this service can make: a made-up id, however well formed (its checksum is public),
/// is refused before any grain is activated or the store is read; ids issued before ids were signed, and ids signed
/// with an older key, keep passing.
/// </summary>
public sealed class TokenIdTests : IDisposable
{
    private const string TokenStateName = "token";

    private readonly TempDirectory directory = new();

    [Fact]
    public async Task A_made_up_token_is_refused_like_a_wrong_secret_without_activating_a_grain()
    {
        var store = new StoreFaults();
        await using var host = await ServiceHost.StartAsync(directory.File("made-up.db"), services: services => store.Install(services, "store"));
        var login = await CreateUserAsync(host);
        var (id, value) = await CreateTokenAsync(host, login);
        Assert.Equal(HttpStatusCode.OK, await CheckAsync(host, value));
        var wrongSecret = TokenValue.Generate("smat", id).Value;
        var refusal = await CheckResponseAsync(host, wrongSecret);

        var activations = await ActiveTokenGrainsAsync(host);
        var reads = store.Reads(TokenStateName);
        for (var i = 0; i < 50; i++)
        {
            var madeUp = TokenValue.Generate("smat").Value;
            Assert.True(TokenValue.TryParse(madeUp, "smat", out _, out _), "the made-up value is well formed");
            var answer = await CheckResponseAsync(host, madeUp);
            // Nothing tells a made-up id from a real one with a wrong secret.
            Assert.Equal(refusal, answer);
        }

        Assert.Equal(reads, store.Reads(TokenStateName));
        Assert.Equal(activations, await ActiveTokenGrainsAsync(host));
        Assert.Equal(HttpStatusCode.OK, await CheckAsync(host, value));
    }

    [Fact]
    public async Task After_a_key_lifetime_new_ids_are_signed_with_the_next_key_and_the_older_ones_keep_passing()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = new StoreFaults();
        await using var host = await ServiceHost.StartAsync(directory.File("rotation.db"), clock, services: services => store.Install(services, "store"));
        var login = await CreateUserAsync(host);
        var (firstId, first) = await CreateTokenAsync(host, login);
        Assert.Equal(0, TokenIdFormat.SlotOf(firstId));

        // Past the lifetime the ring adds the next key, which signs only after every process has read it.
        clock.Advance(TimeSpan.FromDays(90) + TimeSpan.FromMinutes(1));
        var (duringGraceId, duringGrace) = await CreateTokenAsync(host, login);
        Assert.Equal(0, TokenIdFormat.SlotOf(duringGraceId));
        clock.Advance(TimeSpan.FromMinutes(3));
        var (secondId, second) = await CreateTokenAsync(host, login);
        Assert.Equal(1, TokenIdFormat.SlotOf(secondId));

        foreach (var value in new[] { first, duringGrace, second })
        {
            Assert.Equal(HttpStatusCode.OK, await CheckAsync(host, value));
        }

        // A made-up id naming either key, or the next one, is still refused without reading the store.
        var reads = store.Reads(TokenStateName);
        foreach (var slot in new[] { 0, 1, 2 })
        {
            var madeUp = TokenValue.Generate("smat", MadeUpId(slot)).Value;
            Assert.Equal(HttpStatusCode.Unauthorized, await CheckAsync(host, madeUp));
        }

        Assert.Equal(reads, store.Reads(TokenStateName));
    }

    [Fact]
    public async Task Tokens_issued_before_ids_were_signed_and_during_the_upgrade_window_keep_passing_after_it()
    {
        var database = directory.File("upgrade.db");
        var store = StoreTarget.Sqlite(database);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var faults = new StoreFaults();
        string login, before, during;
        await using (var first = await ServiceHost.StartAsync(database, clock))
        {
            login = await CreateUserAsync(first);
            (_, before) = await CreateTokenAsync(first, login);
            await first.StopAsync();
        }

        // A store from before ids were signed: no keys, so the id of `before` is one no key signed.
        await StoredState.DeleteStateAsync(store, "token-id-keys");
        await using (var upgraded = await ServiceHost.StartAsync(database, clock, services: services => faults.Install(services, "store")))
        {
            Assert.True(upgraded.Logs.Contains("Token ids are signed from now on; the"));
            Assert.Equal(HttpStatusCode.OK, await CheckAsync(upgraded, before));
            (_, during) = await CreateTokenAsync(upgraded, login);

            // During the window a silo of the earlier version may still issue unsigned ids: an unknown id reaches
            // its grain (and is refused there), so none of theirs is refused.
            var reads = faults.Reads(TokenStateName);
            Assert.Equal(HttpStatusCode.Unauthorized, await CheckAsync(upgraded, TokenValue.Generate("smat").Value));
            Assert.Equal(reads + 1, faults.Reads(TokenStateName));
            await upgraded.StopAsync();
        }

        // As if `during` had been issued unsigned by a silo of the earlier version in the window (no key the ring holds
        // signed it), and as if the ring had listed no id when it was made: only listing them after the window keeps
        // either valid.
        await StoredState.EditStateAsync(store, "token-id-keys", ring =>
        {
            ring["unsignedIds"] = string.Empty;
            ring["keys"]![0]!["secret"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        });
        clock.Advance(TokenIdKeyRingGrain.UpgradeWindow + TimeSpan.FromMinutes(1));
        var afterFaults = new StoreFaults();
        await using var after = await ServiceHost.StartAsync(database, clock, services: services => afterFaults.Install(services, "store"));
        Assert.True(after.Logs.Contains("The upgrade window for unsigned token ids has ended"));
        Assert.Equal(HttpStatusCode.OK, await CheckAsync(after, before));
        Assert.Equal(HttpStatusCode.OK, await CheckAsync(after, during));
        var sinceStart = afterFaults.Reads(TokenStateName);
        Assert.Equal(HttpStatusCode.Unauthorized, await CheckAsync(after, TokenValue.Generate("smat").Value));
        Assert.Equal(sinceStart, afterFaults.Reads(TokenStateName));
    }

    public void Dispose() => directory.Dispose();

    // A well-formed id naming the key in `slot`, with a signature no key gave it.
    private static string MadeUpId(int slot)
    {
        var id = AccessTokens.Common.Base62.Random(TokenValue.IdLength).ToCharArray();
        id[TokenIdFormat.RandomLength] = AccessTokens.Common.Base62.Alphabet[slot];
        return new string(id);
    }

    private static async Task<string> CreateUserAsync(ServiceHost host)
    {
        var login = Names.Login();
        (await host.Admin.PostAsJsonAsync("/api/v1/users", new { login, name = "Signed", profile = "User" })).EnsureSuccessStatusCode();
        return login;
    }

    private static async Task<(string Id, string Value)> CreateTokenAsync(ServiceHost host, string login)
    {
        var token = await Problem.JsonAsync(await host.Admin.PostAsJsonAsync("/api/v1/access-tokens", new { name = "signed", user = login, resources = new[] { "requests" } }));
        return (token.GetProperty("id").GetString()!, token.GetProperty("token").GetString()!);
    }

    private static async Task<HttpStatusCode> CheckAsync(ServiceHost host, string value)
    {
        using var client = host.WithBearer(value);
        return (await client.GetAsync("/api/v1/auth/check?resource=requests")).StatusCode;
    }

    // Status, WWW-Authenticate and body of a check (but its trace id): what a caller learns from it.
    private static async Task<string> CheckResponseAsync(ServiceHost host, string value)
    {
        using var client = host.WithBearer(value);
        using var response = await client.GetAsync("/api/v1/auth/check?resource=requests");
        var body = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.True(body.Remove("traceId"));
        return $"{(int)response.StatusCode} {response.Headers.WwwAuthenticate} {body.ToJsonString()}";
    }

    private static async Task<int> ActiveTokenGrainsAsync(ServiceHost host)
    {
        var management = host.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        var statistics = await management.GetSimpleGrainStatistics();
        return statistics.Where(s => s.GrainType.Contains("AccessTokenGrain", StringComparison.Ordinal)).Sum(s => s.ActivationCount);
    }
}
