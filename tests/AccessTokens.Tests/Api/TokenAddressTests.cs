using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AccessTokens.Tests.Infrastructure;

namespace AccessTokens.Tests.Api;

/// <summary>A token's allowed addresses on the check path, the address a check is made from, and its recent addresses.</summary>
public abstract class TokenAddressTests(ApiFixture fixture)
{
    private ServiceHost Host => fixture.Host;

    [Fact]
    public async Task A_token_allowed_some_ranges_passes_from_them_only_and_a_refusal_is_not_a_use()
    {
        var token = await CreateAsync(new { allowedAddresses = new[] { "10.0.0.0/8", "2001:db8::/32", "192.0.2.7" } });
        Assert.Equal(["10.0.0.0/8", "2001:db8::/32", "192.0.2.7/32"], token.GetProperty("allowedAddresses").EnumerateArray().Select(range => range.GetString()));

        // The caller's own address (loopback) is outside every range.
        using var fromHere = await CheckAsync(token, null);
        var problem = await Problem.AssertAsync(fromHere, HttpStatusCode.Forbidden);
        Assert.Contains("127.0.0.1", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Problem.AssertChallenge(fromHere, "insufficient_scope");
        Assert.Equal(HttpStatusCode.Forbidden, (await CheckAsync(token, "192.168.1.10")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await CheckAsync(token, "192.0.2.8")).StatusCode);
        var refused = await GetAsync(token);
        Assert.Equal(JsonValueKind.Null, refused.GetProperty("lastUsedAt").ValueKind);
        Assert.Empty(refused.GetProperty("recentAddresses").EnumerateArray());

        foreach (var address in new[] { "10.200.3.4", "2001:db8:1::9", "192.0.2.7", "::ffff:10.1.2.3" })
        {
            Assert.Equal(HttpStatusCode.OK, (await CheckAsync(token, address)).StatusCode);
        }

        Assert.NotEqual(JsonValueKind.Null, (await GetAsync(token)).GetProperty("lastUsedAt").ValueKind);
    }

    [Theory]
    [InlineData("10.1")]
    [InlineData("010.0.0.1")]
    [InlineData("fe80::1%25eth0")]
    [InlineData("10.0.0.1:80")]
    [InlineData("example.com")]
    [InlineData("")]
    public async Task An_address_that_is_not_one_is_refused_with_400(string address)
    {
        var token = await CreateAsync(new { });
        using var client = Host.WithBearer(Value(token));
        using var response = await client.GetAsync($"/api/v1/auth/check?resource=requests&address={address}");
        await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
        Problem.AssertChallenge(response, "invalid_request");
    }

    public static TheoryData<string[], string> BadRanges() => new()
    {
        { ["10.0.0.1/8"], "10.0.0.0/8" },
        { ["300.1.1.1"], "300.1.1.1" },
        { ["10.0.0.0/33"], "10.0.0.0/33" },
        { ["2001:db8::/129"], "2001:db8::/129" },
        { ["10.0.0.0/8", "10.0.0.0/8"], "more than once" },
        { [.. Enumerable.Range(1, 17).Select(i => $"10.{i}.0.0/16")], "at most 16" },
    };

    [Theory]
    [MemberData(nameof(BadRanges))]
    public async Task Ranges_that_break_the_rule_create_nothing_and_say_why(string[] ranges, string said)
    {
        var user = await fixture.CreateUserAsync();
        var response = await Host.Admin.PostAsJsonAsync("/api/v1/access-tokens", new { name = "ranged", user, resources = new[] { "requests" }, allowedAddresses = ranges });

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "allowedAddresses");
        Assert.Contains(said, problem.GetProperty("errors").GetProperty("allowedAddresses")[0].GetString(), StringComparison.Ordinal);
        var listed = await Problem.JsonAsync(await Host.Admin.GetAsync($"/api/v1/access-tokens?user={user}"));
        Assert.Equal(0, listed.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Patch_restricts_a_token_to_ranges_and_null_lifts_the_restriction()
    {
        var token = await CreateAsync(new { });
        Assert.Equal(HttpStatusCode.OK, (await CheckAsync(token, null)).StatusCode);

        var restricted = await Problem.JsonAsync(await Host.Admin.PatchAsJsonAsync($"/api/v1/access-tokens/{Id(token)}", new { allowedAddresses = new[] { "198.51.100.0/24" } }));
        Assert.Equal("198.51.100.0/24", Assert.Single(restricted.GetProperty("allowedAddresses").EnumerateArray()).GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await CheckAsync(token, null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await CheckAsync(token, "198.51.100.77")).StatusCode);

        await Problem.AssertAsync(
            await Host.Admin.PatchAsJsonAsync($"/api/v1/access-tokens/{Id(token)}", new { allowedAddresses = new[] { "198.51.100.1/24" } }),
            HttpStatusCode.BadRequest, "allowedAddresses");
        Assert.Equal(HttpStatusCode.Forbidden, (await CheckAsync(token, null)).StatusCode);

        var lifted = await Problem.JsonAsync(await Host.Admin.PatchAsJsonAsync($"/api/v1/access-tokens/{Id(token)}", new { allowedAddresses = (string[]?)null }));
        Assert.Equal(JsonValueKind.Null, lifted.GetProperty("allowedAddresses").ValueKind);
        Assert.Equal(HttpStatusCode.OK, (await CheckAsync(token, null)).StatusCode);
    }

    [Fact]
    public async Task Recent_addresses_keep_the_last_five_distinct_with_exact_counts_most_recent_first()
    {
        var token = await CreateAsync(new { });
        var before = fixture.Clock.GetUtcNow();
        string[] sequence = ["10.0.0.1", "10.0.0.2", "10.0.0.1", "10.0.0.3", "10.0.0.4", "10.0.0.5", "10.0.0.6", "10.0.0.1", "2001:db8::1"];
        foreach (var address in sequence)
        {
            Assert.Equal(HttpStatusCode.OK, (await CheckAsync(token, address)).StatusCode);
        }

        var recent = (await GetAsync(token)).GetProperty("recentAddresses").EnumerateArray().ToList();
        // 10.0.0.2 was seen least recently when 10.0.0.6 came, and 10.0.0.3 when 2001:db8::1 came.
        Assert.Equal(["2001:db8::1", "10.0.0.1", "10.0.0.6", "10.0.0.5", "10.0.0.4"], recent.Select(entry => entry.GetProperty("address").GetString()));
        Assert.Equal([1, 3, 1, 1, 1], recent.Select(entry => entry.GetProperty("uses").GetInt64()));
        var ten = recent[1];
        Assert.True(ten.GetProperty("firstSeenAt").GetDateTimeOffset() < ten.GetProperty("lastSeenAt").GetDateTimeOffset());
        Assert.True(ten.GetProperty("firstSeenAt").GetDateTimeOffset() >= before);
        Assert.Equal(recent[0].GetProperty("lastSeenAt").GetDateTimeOffset(), (await GetAsync(token)).GetProperty("lastUsedAt").GetDateTimeOffset());
    }

    private async Task<JsonElement> CreateAsync(object policies)
    {
        var user = await fixture.CreateUserAsync();
        return await fixture.CreateTokenAsync(user, ["requests"], policies);
    }

    private async Task<HttpResponseMessage> CheckAsync(JsonElement token, string? address)
    {
        using var client = Host.WithBearer(Value(token));
        var query = address is null ? string.Empty : "&address=" + Uri.EscapeDataString(address);
        return await client.GetAsync($"/api/v1/auth/check?resource=requests{query}");
    }

    private async Task<JsonElement> GetAsync(JsonElement token) =>
        await Problem.JsonAsync(await Host.Admin.GetAsync($"/api/v1/access-tokens/{Id(token)}"));

    private static string Id(JsonElement token) => token.GetProperty("id").GetString()!;

    private static string Value(JsonElement token) => token.GetProperty("token").GetString()!;
}

[Collection(SqliteApiCollection.Name)]
[Trait(Tier.Name, Tier.Fast)]
public sealed class TokenAddressesOnSqliteTests(SqliteApiFixture fixture) : TokenAddressTests(fixture);

[Collection(PostgresApiCollection.Name)]
public sealed class TokenAddressesOnPostgresTests(PostgresApiFixture fixture) : TokenAddressTests(fixture);
