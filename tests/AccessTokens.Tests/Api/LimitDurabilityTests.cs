using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AccessTokens.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace AccessTokens.Tests.Api;

/// <summary>A token's counts are stored like its date of last use: coalesced, written at a graceful stop, read back.</summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed class LimitDurabilityTests : IDisposable
{
    private readonly TempDirectory directory = new();

    [Fact]
    public async Task The_open_window_the_quota_uses_and_the_recent_addresses_survive_a_restart()
    {
        var database = directory.File("limits.db");
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        string id, value;

        // An hour between writes: only the graceful stop can have stored the counts.
        await using (var first = await ServiceHost.StartAsync(database, clock, TimeSpan.FromHours(1)))
        {
            (id, value) = await CreateAsync(first, new { rateLimit = new { requests = 3, per = "01:00:00" }, quota = new { uses = 5, refill = (string?)null } });
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(HttpStatusCode.OK, await CheckAsync(first, value));
            }

            await first.StopAsync();
        }

        await using var second = await ServiceHost.StartAsync(database, clock, TimeSpan.FromHours(1));
        Assert.Equal(HttpStatusCode.TooManyRequests, await CheckAsync(second, value));
        var read = await Problem.JsonAsync(await second.Admin.GetAsync($"/api/v1/access-tokens/{id}"));
        Assert.Equal(2, read.GetProperty("remainingUses").GetInt64());
        var recent = Assert.Single(read.GetProperty("recentAddresses").EnumerateArray());
        Assert.Equal("127.0.0.1", recent.GetProperty("address").GetString());
        Assert.Equal(3, recent.GetProperty("uses").GetInt64());

        Assert.Equal(HttpStatusCode.OK, (await second.Admin.PatchAsJsonAsync($"/api/v1/access-tokens/{id}", new { rateLimit = (object?)null })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, await CheckAsync(second, value));
        Assert.Equal(HttpStatusCode.OK, await CheckAsync(second, value));
        Assert.Equal(HttpStatusCode.TooManyRequests, await CheckAsync(second, value));
    }

    [Fact]
    public async Task Wrong_secrets_are_entered_in_the_audit_trail_once_per_write_with_their_count()
    {
        // Two seconds between writes: the four refusals below fall in one, each burst gets its entry.
        await using var host = await ServiceHost.StartAsync(directory.File("failures.db"), lastUseFlushInterval: TimeSpan.FromSeconds(2));
        var (id, value) = await CreateAsync(host, new { });
        var wrong = TokenValues.WithOtherSecret(value);

        for (var i = 0; i < 4; i++)
        {
            await CheckAsync(host, wrong);
        }

        await Eventually.HoldsAsync(async () => (await EntriesAsync(host, id)).Count == 1, TimeSpan.FromSeconds(10), "the failures are entered");
        var first = Assert.Single(await EntriesAsync(host, id));
        Assert.Equal("token.check", first.GetProperty("action").GetString());
        Assert.Equal("wrong secret", first.GetProperty("outcome").GetString());
        Assert.Equal(4, first.GetProperty("count").GetInt32());

        for (var i = 0; i < 2; i++)
        {
            await CheckAsync(host, wrong);
        }

        await Eventually.HoldsAsync(async () => (await EntriesAsync(host, id)).Count == 2, TimeSpan.FromSeconds(10), "the later failures are entered");
        Assert.Equal([2, 4], (await EntriesAsync(host, id)).Select(entry => entry.GetProperty("count").GetInt32()));
        var view = await Problem.JsonAsync(await host.Admin.GetAsync($"/api/v1/access-tokens/{id}"));
        Assert.Equal(6, view.GetProperty("failedAttempts").GetInt64());
        Assert.Equal(HttpStatusCode.OK, await CheckAsync(host, value));
    }

    public void Dispose() => directory.Dispose();

    private static async Task<List<JsonElement>> EntriesAsync(ServiceHost host, string id)
    {
        var page = await Problem.JsonAsync(await host.Admin.GetAsync($"/api/v1/audit?target={id}&limit=50"));
        return [.. page.GetProperty("items").EnumerateArray().Where(entry => entry.GetProperty("action").GetString() == "token.check")];
    }

    private static async Task<(string Id, string Value)> CreateAsync(ServiceHost host, object policies)
    {
        var login = Names.Login();
        await host.Admin.PostAsJsonAsync("/api/v1/users", new { login, name = "Limited", profile = "User" });
        var body = JsonSerializer.SerializeToNode(policies)!.AsObject();
        body["name"] = "limited";
        body["user"] = login;
        body["resources"] = new System.Text.Json.Nodes.JsonArray("requests");
        var created = await Problem.JsonAsync(await host.Admin.PostAsJsonAsync("/api/v1/access-tokens", body));
        return (created.GetProperty("id").GetString()!, created.GetProperty("token").GetString()!);
    }

    private static async Task<HttpStatusCode> CheckAsync(ServiceHost host, string token)
    {
        using var client = host.WithBearer(token);
        using var response = await client.GetAsync("/api/v1/auth/check?resource=requests");
        return response.StatusCode;
    }
}
