using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AccessTokens.Tests.Infrastructure;

namespace AccessTokens.Tests.Api;

public abstract partial class AccessTokenApiTests(ApiFixture fixture)
{
    private HttpClient Admin => fixture.Host.Admin;

    [Fact]
    public async Task Created_token_has_the_contract_shape_and_its_value_is_shown_once()
    {
        var user = await fixture.CreateUserAsync();
        var expiry = fixture.Today.AddDays(10);
        var response = await Admin.PostAsJsonAsync("/api/v1/access-tokens",
            new { name = "CI pipeline", user, resources = new[] { "requests", "assets" }, expiryDate = expiry.ToString("yyyy-MM-dd") });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await Problem.JsonAsync(response);
        var id = body.GetProperty("id").GetString()!;
        var value = body.GetProperty("token").GetString()!;
        Assert.Equal($"/api/v1/access-tokens/{id}", response.Headers.Location?.ToString());
        Assert.Matches(TokenShape(), value);
        Assert.StartsWith($"smat_{id}_", value, StringComparison.Ordinal);
        Assert.Equal("CI pipeline", body.GetProperty("name").GetString());
        Assert.Equal(user, body.GetProperty("user").GetString());
        Assert.Equal(["requests", "assets"], body.GetProperty("resources").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("admin", body.GetProperty("createdBy").GetString());
        Assert.Equal(expiry.ToString("yyyy-MM-dd"), body.GetProperty("expiryDate").GetString());
        Assert.Equal($"{expiry.AddDays(1):yyyy-MM-dd}T00:00:00Z", body.GetProperty("expiresAt").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("lastUsedAt").ValueKind);
        Assert.Equal("active", body.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("revokedAt").ValueKind);

        var read = await (await Admin.GetAsync($"/api/v1/access-tokens/{id}")).Content.ReadAsStringAsync();
        var list = await (await Admin.GetAsync($"/api/v1/access-tokens?user={user}")).Content.ReadAsStringAsync();
        Assert.Contains(id, read, StringComparison.Ordinal);
        Assert.Contains(id, list, StringComparison.Ordinal);
        Assert.DoesNotContain(value, read, StringComparison.Ordinal);
        Assert.DoesNotContain(value, list, StringComparison.Ordinal);
        Assert.DoesNotContain("\"token\"", read, StringComparison.Ordinal);
        Assert.DoesNotContain(value[^38..], await StoredState.AllPayloadsAsync(fixture.Host.Store), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Expires_in_days_counts_from_today_and_no_expiry_is_unlimited()
    {
        var user = await fixture.CreateUserAsync();
        var inDays = await fixture.CreateTokenAsync(user, expiry: new { expiresInDays = 30 });
        var unlimited = await fixture.CreateTokenAsync(user);

        Assert.Equal(fixture.Today.AddDays(30).ToString("yyyy-MM-dd"), inDays.GetProperty("expiryDate").GetString());
        Assert.Equal(JsonValueKind.Null, unlimited.GetProperty("expiryDate").ValueKind);
        Assert.Equal(JsonValueKind.Null, unlimited.GetProperty("expiresAt").ValueKind);
    }

    public static TheoryData<string, string> InvalidTokens() => new()
    {
        { """{"user":"USER","resources":["requests"]}""", "name" },
        { """{"name":"","user":"USER","resources":["requests"]}""", "name" },
        { $$"""{"name":"{{new string('n', 101)}}","user":"USER","resources":["requests"]}""", "name" },
        { """{"name":"t","resources":["requests"]}""", "user" },
        { """{"name":"t","user":"Not A Login","resources":["requests"]}""", "user" },
        { """{"name":"t","user":"nobody-here","resources":["requests"]}""", "user" },
        { """{"name":"t","user":"USER"}""", "resources" },
        { """{"name":"t","user":"USER","resources":[]}""", "resources" },
        { """{"name":"t","user":"USER","resources":["Requests"]}""", "resources" },
        { """{"name":"t","user":"USER","resources":["a b"]}""", "resources" },
        { """{"name":"t","user":"USER","resources":["requests","requests"]}""", "resources" },
        { $$"""{"name":"t","user":"USER","resources":[{{string.Join(",", Enumerable.Range(0, 33).Select(i => $"\"r{i}\""))}}]}""", "resources" },
        { """{"name":"t","user":"USER","resources":["requests"],"expiryDate":"2001-01-01"}""", "expiryDate" },
        { """{"name":"t","user":"USER","resources":["requests"],"expiryDate":"2099-01-01","expiresInDays":5}""", "expiryDate" },
        { """{"name":"t","user":"USER","resources":["requests"],"expiresInDays":0}""", "expiresInDays" },
        { """{"name":"t","user":"USER","resources":["requests"],"expiresInDays":3651}""", "expiresInDays" },
        { """{"name":"t","user":"USER","resources":["requests"],"expiresInDays":"soon"}""", "expiresInDays" },
        { """{"name":"t","user":"USER","resources":["requests"],"expiryDate":"31/12/2099"}""", "expiryDate" },
        { """{"name":"t","user":"USER","resources":"requests"}""", "resources" },
        { """{"name":"t","user":"USER","resources":["requests"],"scopes":["x"]}""", "scopes" },
    };

    [Theory]
    [MemberData(nameof(InvalidTokens), MemberType = typeof(AccessTokenApiTests))]
    public async Task Invalid_token_request_is_refused_with_the_field_and_creates_nothing(string json, string field)
    {
        var user = await fixture.CreateUserAsync();
        var response = await Admin.PostAsync("/api/v1/access-tokens", new StringContent(json.Replace("USER", user, StringComparison.Ordinal), Encoding.UTF8, "application/json"));

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, field);
        await AssertNoTokensAsync(user);
    }

    [Fact]
    public async Task Disabled_user_gets_no_new_token()
    {
        var user = await fixture.CreateUserAsync();
        await Admin.PatchAsJsonAsync($"/api/v1/users/{user}", new { active = false });

        var response = await Admin.PostAsJsonAsync("/api/v1/access-tokens", new { name = "t", user, resources = new[] { "requests" } });

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "user");
        await AssertNoTokensAsync(user);
    }

    [Fact]
    public async Task Expiry_date_of_today_is_accepted()
    {
        var user = await fixture.CreateUserAsync();
        var token = await fixture.CreateTokenAsync(user, expiry: new { expiryDate = fixture.Today.ToString("yyyy-MM-dd") });
        Assert.Equal(HttpStatusCode.OK, await fixture.CheckAsync(token.GetProperty("token").GetString()!));
    }

    [Fact]
    public async Task Revoke_is_final_idempotent_and_keeps_the_record()
    {
        var user = await fixture.CreateUserAsync();
        var token = await fixture.CreateTokenAsync(user);
        var id = token.GetProperty("id").GetString()!;
        var value = token.GetProperty("token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, await fixture.CheckAsync(value));

        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync($"/api/v1/access-tokens/{id}")).StatusCode);
        var first = await Problem.JsonAsync(await Admin.GetAsync($"/api/v1/access-tokens/{id}"));
        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync($"/api/v1/access-tokens/{id}")).StatusCode);
        var second = await Problem.JsonAsync(await Admin.GetAsync($"/api/v1/access-tokens/{id}"));

        Assert.Equal("revoked", second.GetProperty("status").GetString());
        Assert.Equal("admin", second.GetProperty("revokedBy").GetString());
        Assert.Equal(first.GetProperty("revokedAt").GetString(), second.GetProperty("revokedAt").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, await fixture.CheckAsync(value));
    }

    [Fact]
    public async Task Unknown_token_ids_are_not_found()
    {
        await Problem.AssertAsync(await Admin.GetAsync("/api/v1/access-tokens/AAAAAAAAAAAA"), HttpStatusCode.NotFound);
        await Problem.AssertAsync(await Admin.DeleteAsync("/api/v1/access-tokens/AAAAAAAAAAAA"), HttpStatusCode.NotFound);
        await Problem.AssertAsync(await Admin.GetAsync("/api/v1/access-tokens/not-an-id"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task List_filters_by_user_status_and_name_newest_first()
    {
        var user = await fixture.CreateUserAsync();
        var old = await fixture.CreateTokenAsync(user, name: "deploy old", expiry: new { expiresInDays = 1 });
        var revoked = await fixture.CreateTokenAsync(user, name: "deploy revoked");
        var active = await fixture.CreateTokenAsync(user, name: "Build active");
        await Admin.DeleteAsync($"/api/v1/access-tokens/{revoked.GetProperty("id").GetString()}");
        fixture.Clock.Advance(TimeSpan.FromDays(2));

        Assert.Equal(Ids(active, revoked, old), await ListIdsAsync($"user={user}"));
        Assert.Equal(Ids(active), await ListIdsAsync($"user={user}&status=active"));
        Assert.Equal(Ids(revoked), await ListIdsAsync($"user={user}&status=revoked"));
        Assert.Equal(Ids(old), await ListIdsAsync($"user={user}&status=expired"));
        Assert.Equal(Ids(revoked, old), await ListIdsAsync($"user={user}&search=DEPLOY"));
        Assert.Equal(HttpStatusCode.Unauthorized, await fixture.CheckAsync(old.GetProperty("token").GetString()!));

        var expired = await Problem.JsonAsync(await Admin.GetAsync($"/api/v1/access-tokens/{old.GetProperty("id").GetString()}"));
        Assert.Equal("expired", expired.GetProperty("status").GetString());
    }

    [Fact]
    public async Task List_pages_through_every_token_once()
    {
        var user = await fixture.CreateUserAsync();
        var created = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            created.Add((await fixture.CreateTokenAsync(user, name: $"page {i}")).GetProperty("id").GetString()!);
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await Problem.JsonAsync(await Admin.GetAsync(
                $"/api/v1/access-tokens?user={user}&limit=3" + (cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor))));
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetString()!));
            cursor = page.GetProperty("next").GetString();
        }
        while (cursor is not null);

        created.Reverse();
        Assert.Equal(created, seen);
    }

    [Theory]
    [InlineData("status=lost", "status")]
    [InlineData("user=Not%20A%20Login", "user")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=500", "limit")]
    [InlineData("limit=-1", "limit")]
    [InlineData("cursor=%25%25%25", "cursor")]
    [InlineData("cursor=dTphZG1pbg", "cursor")]
    public async Task Bad_list_queries_are_refused(string query, string field)
    {
        await Problem.AssertAsync(await Admin.GetAsync("/api/v1/access-tokens?" + query), HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Token_count_of_a_user_follows_its_tokens()
    {
        var user = await fixture.CreateUserAsync();
        await fixture.CreateTokenAsync(user);
        await fixture.CreateTokenAsync(user);

        var read = await Problem.JsonAsync(await Admin.GetAsync($"/api/v1/users/{user}"));
        Assert.Equal(2, read.GetProperty("tokenCount").GetInt32());
    }

    private async Task AssertNoTokensAsync(string user)
    {
        var page = await Problem.JsonAsync(await Admin.GetAsync($"/api/v1/access-tokens?user={user}"));
        Assert.Equal(0, page.GetProperty("items").GetArrayLength());
        var read = await Problem.JsonAsync(await Admin.GetAsync($"/api/v1/users/{user}"));
        Assert.Equal(0, read.GetProperty("tokenCount").GetInt32());
    }

    private async Task<List<string>> ListIdsAsync(string query)
    {
        var page = await Problem.JsonAsync(await Admin.GetAsync("/api/v1/access-tokens?" + query));
        return [.. page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetString()!)];
    }

    private static List<string> Ids(params JsonElement[] tokens) => [.. tokens.Select(token => token.GetProperty("id").GetString()!)];

    [GeneratedRegex("^smat_[0-9A-Za-z]{12}_[0-9A-Za-z]{38}$")]
    private static partial Regex TokenShape();
}

[Collection(SqliteApiCollection.Name)]
[Trait(Tier.Name, Tier.Fast)]
public sealed class AccessTokenApiOnSqliteTests(SqliteApiFixture fixture) : AccessTokenApiTests(fixture);

[Collection(PostgresApiCollection.Name)]
public sealed class AccessTokenApiOnPostgresTests(PostgresApiFixture fixture) : AccessTokenApiTests(fixture);
