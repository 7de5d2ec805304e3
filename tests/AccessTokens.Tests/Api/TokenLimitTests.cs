using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AccessTokens.Tests.Infrastructure;

namespace AccessTokens.Tests.Api;

/// <summary>A token's rate limit and quota on the check path, failed attempts, and changing them with PATCH.</summary>
public abstract class TokenLimitTests(ApiFixture fixture)
{
    private ServiceHost Host => fixture.Host;

    [Fact]
    public async Task Past_its_rate_limit_a_token_gets_429_with_the_rate_limit_fields_until_the_window_ends()
    {
        var token = await CreateAsync(new { rateLimit = new { requests = 3, per = "00:01:00" } });
        Assert.Equal(3, token.GetProperty("rateLimit").GetProperty("requests").GetInt32());
        Assert.Equal("00:01:00", token.GetProperty("rateLimit").GetProperty("per").GetString());
        using var client = Host.WithBearer(Value(token));

        for (var left = 2; left >= 0; left--)
        {
            using var passed = await client.GetAsync("/api/v1/auth/check?resource=requests");
            Assert.Equal(HttpStatusCode.OK, passed.StatusCode);
            Assert.Equal("\"token\";q=3;w=60", Single(passed, "RateLimit-Policy"));
            Assert.StartsWith($"\"token\";r={left};t=", Single(passed, "RateLimit"), StringComparison.Ordinal);
        }

        var lastUse = (await GetAsync(token)).GetProperty("lastUsedAt").GetString();
        using var refused = await client.GetAsync("/api/v1/auth/check?resource=requests");
        var problem = await Problem.AssertAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.Contains("rate limit", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.InRange(int.Parse(Single(refused, "Retry-After")), 1, 60);
        Assert.StartsWith("\"token\";r=0;t=", Single(refused, "RateLimit"), StringComparison.Ordinal);
        Assert.Equal(lastUse, (await GetAsync(token)).GetProperty("lastUsedAt").GetString());

        fixture.Clock.Advance(TimeSpan.FromSeconds(61));
        using var renewed = await client.GetAsync("/api/v1/auth/check?resource=requests");
        Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
        Assert.StartsWith("\"token\";r=2;t=", Single(renewed, "RateLimit"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_without_a_rate_limit_sends_no_rate_limit_fields_and_no_remaining_uses()
    {
        var token = await CreateAsync(new { });
        using var client = Host.WithBearer(Value(token));
        using var response = await client.GetAsync("/api/v1/auth/check?resource=requests");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("RateLimit"));
        Assert.False(response.Headers.Contains("RateLimit-Policy"));
        Assert.False((await Problem.JsonAsync(response)).TryGetProperty("remainingUses", out _));
        Assert.Equal(JsonValueKind.Null, token.GetProperty("rateLimit").ValueKind);
        Assert.Equal(JsonValueKind.Null, token.GetProperty("remainingUses").ValueKind);
    }

    [Fact]
    public async Task Concurrent_checks_against_a_rate_limit_admit_exactly_the_limit()
    {
        var token = await CreateAsync(new { rateLimit = new { requests = 25, per = "01:00:00" } });
        using var client = Host.WithBearer(Value(token));

        var statuses = await Task.WhenAll(Enumerable.Range(0, 120).Select(async _ =>
        {
            using var response = await client.GetAsync("/api/v1/auth/check?resource=requests");
            return response.StatusCode;
        }));

        Assert.Equal(25, statuses.Count(status => status == HttpStatusCode.OK));
        Assert.Equal(95, statuses.Count(status => status == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task A_daily_quota_counts_down_in_the_check_and_the_view_and_refills_the_next_day()
    {
        var token = await CreateAsync(new { quota = new { uses = 2, refill = "daily" } });
        Assert.Equal(2, token.GetProperty("remainingUses").GetInt64());
        using var client = Host.WithBearer(Value(token));

        for (var left = 1; left >= 0; left--)
        {
            using var passed = await client.GetAsync("/api/v1/auth/check?resource=requests");
            Assert.Equal(HttpStatusCode.OK, passed.StatusCode);
            Assert.Equal(left, (await Problem.JsonAsync(passed)).GetProperty("remainingUses").GetInt64());
        }

        using var spent = await client.GetAsync("/api/v1/auth/check?resource=requests");
        var problem = await Problem.AssertAsync(spent, HttpStatusCode.TooManyRequests);
        Assert.Contains("quota", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var untilMidnight = DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime).AddDays(1).ToDateTime(TimeOnly.MinValue) - fixture.Clock.GetUtcNow().UtcDateTime;
        Assert.InRange(int.Parse(Single(spent, "Retry-After")), 1, (int)Math.Ceiling(untilMidnight.TotalSeconds) + 1);
        Assert.Equal(0, (await GetAsync(token)).GetProperty("remainingUses").GetInt64());

        fixture.Clock.Advance(untilMidnight + TimeSpan.FromSeconds(1));
        Assert.Equal(2, (await GetAsync(token)).GetProperty("remainingUses").GetInt64());
        Assert.Equal(HttpStatusCode.OK, await fixture.CheckAsync(Value(token)));
    }

    [Fact]
    public async Task A_quota_without_refill_answers_429_without_retry_after_once_used_up()
    {
        var token = await CreateAsync(new { quota = new { uses = 1, refill = (string?)null } });
        Assert.Equal(HttpStatusCode.OK, await fixture.CheckAsync(Value(token)));

        using var client = Host.WithBearer(Value(token));
        using var spent = await client.GetAsync("/api/v1/auth/check?resource=requests");

        await Problem.AssertAsync(spent, HttpStatusCode.TooManyRequests);
        Assert.False(spent.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task Wrong_secrets_are_counted_without_using_the_limits_or_locking_the_token()
    {
        var token = await CreateAsync(new { rateLimit = new { requests = 1, per = "01:00:00" } });
        var wrong = TokenValues.WithOtherSecret(Value(token));
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await fixture.CheckAsync(wrong));
        }

        var view = await GetAsync(token);
        Assert.Equal(5, view.GetProperty("failedAttempts").GetInt64());
        Assert.True(view.GetProperty("lastFailedAt").GetDateTimeOffset() <= fixture.Clock.GetUtcNow());
        Assert.Equal(HttpStatusCode.OK, await fixture.CheckAsync(Value(token)));
        Assert.Equal(HttpStatusCode.TooManyRequests, await fixture.CheckAsync(Value(token)));
    }

    [Fact]
    public async Task Patch_changes_the_name_and_the_policies_and_null_removes_a_policy()
    {
        var token = await CreateAsync(new { quota = new { uses = 5, refill = "monthly" } });
        Assert.Equal(HttpStatusCode.OK, await fixture.CheckAsync(Value(token)));

        var changed = await PatchAsync(token, new { name = "renamed", rateLimit = new { requests = 1, per = "00:00:30" } }, HttpStatusCode.OK);
        Assert.Equal("renamed", changed.GetProperty("name").GetString());
        Assert.Equal(1, changed.GetProperty("rateLimit").GetProperty("requests").GetInt32());
        Assert.Equal("monthly", changed.GetProperty("quota").GetProperty("refill").GetString());
        Assert.Equal(4, changed.GetProperty("remainingUses").GetInt64());
        Assert.Equal(HttpStatusCode.OK, await fixture.CheckAsync(Value(token)));
        Assert.Equal(HttpStatusCode.TooManyRequests, await fixture.CheckAsync(Value(token)));

        var lifted = await PatchAsync(token, new { rateLimit = (object?)null }, HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, lifted.GetProperty("rateLimit").ValueKind);
        Assert.Equal("renamed", lifted.GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.OK, await fixture.CheckAsync(Value(token)));
        Assert.Equal(2, (await GetAsync(token)).GetProperty("remainingUses").GetInt64());

        var listed = await Problem.JsonAsync(await Host.Admin.GetAsync($"/api/v1/access-tokens?user={token.GetProperty("user").GetString()}"));
        Assert.Equal("renamed", Assert.Single(listed.GetProperty("items").EnumerateArray()).GetProperty("name").GetString());
    }

    public static TheoryData<string, string> BadChanges() => new()
    {
        { """{"rateLimit":{"requests":0,"per":"00:01:00"}}""", "rateLimit.requests" },
        { """{"rateLimit":{"requests":10,"per":"00:00:00.5"}}""", "rateLimit.per" },
        { """{"rateLimit":{"requests":10,"per":"2.00:00:00"}}""", "rateLimit.per" },
        { """{"quota":{"uses":0,"refill":"daily"}}""", "quota.uses" },
        { """{"name":""}""", "name" },
    };

    [Theory]
    [MemberData(nameof(BadChanges))]
    public async Task A_change_that_breaks_a_rule_is_refused_and_changes_nothing(string body, string field)
    {
        var token = await CreateAsync(new { rateLimit = new { requests = 7, per = "00:01:00" } });

        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        await Problem.AssertAsync(await Host.Admin.PatchAsync($"/api/v1/access-tokens/{Id(token)}", content), HttpStatusCode.BadRequest, field);

        var read = await GetAsync(token);
        Assert.Equal(7, read.GetProperty("rateLimit").GetProperty("requests").GetInt32());
        Assert.Equal("test token", read.GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("""{"resources":["assets"]}""")]
    [InlineData("""{"user":"someone-else"}""")]
    [InlineData("""{"quota":{"uses":5,"refill":"weekly"}}""")]
    [InlineData("""{"rateLimit":{"requests":5,"per":"soon"}}""")]
    [InlineData("""[]""")]
    public async Task A_change_of_what_never_changes_or_unreadable_is_refused(string body)
    {
        var token = await CreateAsync(new { });

        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        await Problem.AssertAsync(await Host.Admin.PatchAsync($"/api/v1/access-tokens/{Id(token)}", content), HttpStatusCode.BadRequest);

        var read = await GetAsync(token);
        Assert.Equal(["requests"], read.GetProperty("resources").EnumerateArray().Select(resource => resource.GetString()));
        Assert.Equal(JsonValueKind.Null, read.GetProperty("quota").ValueKind);
    }

    [Fact]
    public async Task A_revoked_token_does_not_change_and_an_unknown_one_is_not_found()
    {
        var token = await CreateAsync(new { });
        Assert.Equal(HttpStatusCode.NoContent, (await Host.Admin.DeleteAsync($"/api/v1/access-tokens/{Id(token)}")).StatusCode);

        await PatchAsync(token, new { name = "late" }, HttpStatusCode.Conflict);
        await Problem.AssertAsync(
            await Host.Admin.PatchAsJsonAsync("/api/v1/access-tokens/AAAAAAAAAAAA", new { name = "nobody" }), HttpStatusCode.NotFound);
        Assert.Equal("test token", (await GetAsync(token)).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Limits_that_break_a_rule_at_creation_create_nothing()
    {
        var user = await fixture.CreateUserAsync();
        var response = await Host.Admin.PostAsJsonAsync("/api/v1/access-tokens", new
        {
            name = "bad", user, resources = new[] { "requests" },
            rateLimit = new { requests = 2_000_000, per = "00:01:00" },
            quota = new { uses = -1, refill = "daily" },
        });

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "rateLimit.requests");
        Assert.True(problem.GetProperty("errors").TryGetProperty("quota.uses", out _));
        var listed = await Problem.JsonAsync(await Host.Admin.GetAsync($"/api/v1/access-tokens?user={user}"));
        Assert.Equal(0, listed.GetProperty("items").GetArrayLength());
    }

    private async Task<JsonElement> CreateAsync(object policies)
    {
        var user = await fixture.CreateUserAsync();
        return await fixture.CreateTokenAsync(user, ["requests"], policies);
    }

    private async Task<JsonElement> PatchAsync(JsonElement token, object body, HttpStatusCode expected)
    {
        var response = await Host.Admin.PatchAsJsonAsync($"/api/v1/access-tokens/{Id(token)}", body);
        if (expected != HttpStatusCode.OK)
        {
            return await Problem.AssertAsync(response, expected);
        }

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await Problem.JsonAsync(response);
    }

    private async Task<JsonElement> GetAsync(JsonElement token) =>
        await Problem.JsonAsync(await Host.Admin.GetAsync($"/api/v1/access-tokens/{Id(token)}"));

    private static string Id(JsonElement token) => token.GetProperty("id").GetString()!;

    private static string Value(JsonElement token) => token.GetProperty("token").GetString()!;

    private static string Single(HttpResponseMessage response, string header) => Assert.Single(response.Headers.GetValues(header));
}

[Collection(SqliteApiCollection.Name)]
[Trait(Tier.Name, Tier.Fast)]
public sealed class TokenLimitsOnSqliteTests(SqliteApiFixture fixture) : TokenLimitTests(fixture);

[Collection(PostgresApiCollection.Name)]
public sealed class TokenLimitsOnPostgresTests(PostgresApiFixture fixture) : TokenLimitTests(fixture);
