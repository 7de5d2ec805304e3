using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AccessTokens.Tests.Infrastructure;

namespace AccessTokens.Tests.Api;

/// <summary>Rotation: a new token in the old one's place, the old one working on through an overlap, never longer.</summary>
public abstract class TokenRotationTests(ApiFixture fixture)
{
    private ServiceHost Host => fixture.Host;

    [Fact]
    public async Task Without_an_overlap_the_new_token_replaces_the_old_at_once_with_everything_but_its_id_and_value()
    {
        var old = await CreateAsync(new { expiresInDays = 30, rateLimit = new { requests = 50, per = "00:01:00" }, allowedAddresses = new[] { "127.0.0.0/8" } });

        using var response = await Host.Admin.PostAsJsonAsync($"/api/v1/access-tokens/{Id(old)}/rotate", new { });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var rotated = await Problem.JsonAsync(response);

        Assert.NotEqual(Id(old), Id(rotated));
        Assert.NotEqual(Value(old), Value(rotated));
        Assert.Equal(Id(old), rotated.GetProperty("rotatedFrom").GetString());
        foreach (var field in new[] { "name", "user", "expiryDate", "expiresAt" })
        {
            Assert.Equal(old.GetProperty(field).GetString(), rotated.GetProperty(field).GetString());
        }

        Assert.Equal(old.GetProperty("resources").ToString(), rotated.GetProperty("resources").ToString());
        Assert.Equal(old.GetProperty("rateLimit").ToString(), rotated.GetProperty("rateLimit").ToString());
        Assert.Equal(old.GetProperty("allowedAddresses").ToString(), rotated.GetProperty("allowedAddresses").ToString());

        Assert.Equal(HttpStatusCode.OK, await fixture.CheckAsync(Value(rotated)));
        Assert.Equal(HttpStatusCode.Unauthorized, await fixture.CheckAsync(Value(old)));
        var oldView = await GetAsync(old);
        Assert.Equal("revoked", oldView.GetProperty("status").GetString());
        Assert.Equal("rotation", oldView.GetProperty("revokedBy").GetString());
        Assert.Equal(Id(rotated), oldView.GetProperty("supersededBy").GetString());

        var audit = await Problem.JsonAsync(await Host.Admin.GetAsync($"/api/v1/audit?target={Id(old)}&limit=50"));
        Assert.Contains(audit.GetProperty("items").EnumerateArray(), entry => entry.GetProperty("action").GetString() == "token.rotate");
    }

    [Fact]
    public async Task With_an_overlap_both_work_until_it_ends_and_then_the_old_one_is_revoked_by_the_rotation()
    {
        var old = await CreateAsync(new { });
        var rotated = await RotateAsync(old, new { overlap = "01:00:00" });
        var endsAt = (await GetAsync(old)).GetProperty("overlapEndsAt").GetDateTimeOffset();
        Assert.InRange(endsAt - fixture.Clock.GetUtcNow(), TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));

        Assert.Equal(HttpStatusCode.OK, await fixture.CheckAsync(Value(old)));
        Assert.Equal(HttpStatusCode.OK, await fixture.CheckAsync(Value(rotated)));
        Assert.Equal("active", (await GetAsync(old)).GetProperty("status").GetString());

        fixture.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(HttpStatusCode.Unauthorized, await fixture.CheckAsync(Value(old)));
        Assert.Equal(HttpStatusCode.OK, await fixture.CheckAsync(Value(rotated)));
        var ended = await GetAsync(old);
        Assert.Equal("revoked", ended.GetProperty("status").GetString());
        Assert.Equal("rotation", ended.GetProperty("revokedBy").GetString());
        Assert.Equal(endsAt, ended.GetProperty("revokedAt").GetDateTimeOffset());
        await Eventually.HoldsAsync(
            async () => (await Problem.JsonAsync(await Host.Admin.GetAsync($"/api/v1/access-tokens?user={ended.GetProperty("user").GetString()}&status=revoked")))
                .GetProperty("items").GetArrayLength() == 1,
            TimeSpan.FromSeconds(10),
            "the list shows the old token revoked once its overlap has ended");
    }

    [Fact]
    public async Task The_overlap_ends_early_once_the_new_token_is_used_and_the_old_one_has_rested_that_long()
    {
        var old = await CreateAsync(new { });
        var rotated = await RotateAsync(old, new { overlap = "1.00:00:00", endWhenUnusedFor = "00:10:00" });

        // The new token unused: a pause of the old one ends nothing.
        fixture.Clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(HttpStatusCode.OK, await fixture.CheckAsync(Value(old)));

        Assert.Equal(HttpStatusCode.OK, await fixture.CheckAsync(Value(rotated)));
        await Eventually.HoldsAsync(
            async () => await fixture.CheckAsync(Value(old)) == HttpStatusCode.OK && (await ReadStoredSuccessorUseAsync(old)),
            TimeSpan.FromSeconds(10),
            "the old token heard that its successor was used");
        fixture.Clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(HttpStatusCode.OK, await fixture.CheckAsync(Value(old)));

        // Ten minutes without the old token: its traffic has moved, and the overlap ends.
        fixture.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(HttpStatusCode.Unauthorized, await fixture.CheckAsync(Value(old)));
        Assert.Equal("revoked", (await GetAsync(old)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, await fixture.CheckAsync(Value(rotated)));
    }

    [Fact]
    public async Task Revoking_either_token_of_a_rotation_never_revokes_the_other()
    {
        var first = await CreateAsync(new { });
        var second = await RotateAsync(first, new { overlap = "01:00:00" });
        Assert.Equal(HttpStatusCode.NoContent, (await Host.Admin.DeleteAsync($"/api/v1/access-tokens/{Id(second)}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, await fixture.CheckAsync(Value(first)));

        var third = await CreateAsync(new { });
        var fourth = await RotateAsync(third, new { overlap = "01:00:00" });
        Assert.Equal(HttpStatusCode.NoContent, (await Host.Admin.DeleteAsync($"/api/v1/access-tokens/{Id(third)}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, await fixture.CheckAsync(Value(fourth)));
        Assert.Equal(HttpStatusCode.Unauthorized, await fixture.CheckAsync(Value(third)));
    }

    [Fact]
    public async Task A_token_rotates_itself_with_its_own_value_and_its_value_only()
    {
        var old = await CreateAsync(new { });
        using var self = Host.WithBearer(Value(old));

        using var response = await self.PostAsJsonAsync("/api/v1/access-tokens/self/rotate", new { overlap = "00:05:00" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var rotated = await Problem.JsonAsync(response);
        Assert.Equal(Id(old), rotated.GetProperty("rotatedFrom").GetString());
        Assert.Equal(HttpStatusCode.OK, await fixture.CheckAsync(Value(rotated)));
        Assert.Equal(HttpStatusCode.OK, await fixture.CheckAsync(Value(old)));

        // Once rotated, it does not rotate again; a made-up or Basic credential rotates nothing.
        await Problem.AssertAsync(await self.PostAsJsonAsync("/api/v1/access-tokens/self/rotate", new { }), HttpStatusCode.Conflict);
        using var nobody = Host.WithBearer("smat_AAAAAAAAAAAA_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        Assert.Equal(HttpStatusCode.Unauthorized, (await nobody.PostAsJsonAsync("/api/v1/access-tokens/self/rotate", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Host.BasicAdmin.PostAsJsonAsync("/api/v1/access-tokens/self/rotate", new { })).StatusCode);
    }

    public static TheoryData<string, string> BadRotations() => new()
    {
        { """{"overlap":"31.00:00:00"}""", "overlap" },
        { """{"overlap":"00:00:00.5"}""", "overlap" },
        { """{"endWhenUnusedFor":"00:10:00"}""", "endWhenUnusedFor" },
        { """{"overlap":"00:10:00","endWhenUnusedFor":"01:00:00"}""", "endWhenUnusedFor" },
    };

    [Theory]
    [MemberData(nameof(BadRotations))]
    public async Task A_rotation_that_breaks_a_rule_creates_nothing(string body, string field)
    {
        var old = await CreateAsync(new { });
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        await Problem.AssertAsync(await Host.Admin.PostAsync($"/api/v1/access-tokens/{Id(old)}/rotate", content), HttpStatusCode.BadRequest, field);

        var listed = await Problem.JsonAsync(await Host.Admin.GetAsync($"/api/v1/access-tokens?user={old.GetProperty("user").GetString()}"));
        Assert.Equal(1, listed.GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, await fixture.CheckAsync(Value(old)));
    }

    [Fact]
    public async Task Only_a_working_token_rotates_and_only_once()
    {
        var revoked = await CreateAsync(new { });
        await Host.Admin.DeleteAsync($"/api/v1/access-tokens/{Id(revoked)}");
        await Problem.AssertAsync(await Host.Admin.PostAsJsonAsync($"/api/v1/access-tokens/{Id(revoked)}/rotate", new { }), HttpStatusCode.Conflict);

        var once = await CreateAsync(new { });
        await RotateAsync(once, new { overlap = "00:10:00" });
        await Problem.AssertAsync(await Host.Admin.PostAsJsonAsync($"/api/v1/access-tokens/{Id(once)}/rotate", new { }), HttpStatusCode.Conflict);
        await Problem.AssertAsync(await Host.Admin.PostAsJsonAsync("/api/v1/access-tokens/AAAAAAAAAAAA/rotate", new { }), HttpStatusCode.NotFound);
        var listed = await Problem.JsonAsync(await Host.Admin.GetAsync($"/api/v1/access-tokens?user={once.GetProperty("user").GetString()}"));
        Assert.Equal(2, listed.GetProperty("items").GetArrayLength());
    }

    private async Task<bool> ReadStoredSuccessorUseAsync(JsonElement token)
    {
        var payload = await StoredState.PayloadAsync(Host.Store, Id(token));
        return payload is not null && payload.Contains("successorUsedAt", StringComparison.OrdinalIgnoreCase);
    }

    private async Task<JsonElement> CreateAsync(object extra)
    {
        var user = await fixture.CreateUserAsync();
        return await fixture.CreateTokenAsync(user, ["requests"], extra);
    }

    private async Task<JsonElement> RotateAsync(JsonElement token, object body)
    {
        using var response = await Host.Admin.PostAsJsonAsync($"/api/v1/access-tokens/{Id(token)}/rotate", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await Problem.JsonAsync(response);
    }

    private async Task<JsonElement> GetAsync(JsonElement token) =>
        await Problem.JsonAsync(await Host.Admin.GetAsync($"/api/v1/access-tokens/{Id(token)}"));

    private static string Id(JsonElement token) => token.GetProperty("id").GetString()!;

    private static string Value(JsonElement token) => token.GetProperty("token").GetString()!;
}

[Collection(SqliteApiCollection.Name)]
[Trait(Tier.Name, Tier.Fast)]
public sealed class TokenRotationOnSqliteTests(SqliteApiFixture fixture) : TokenRotationTests(fixture);

[Collection(PostgresApiCollection.Name)]
public sealed class TokenRotationOnPostgresTests(PostgresApiFixture fixture) : TokenRotationTests(fixture);
