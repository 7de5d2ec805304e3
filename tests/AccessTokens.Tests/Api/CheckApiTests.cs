using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AccessTokens.Tests.Infrastructure;

namespace AccessTokens.Tests.Api;

public abstract class CheckApiTests(ApiFixture fixture)
{
    private ServiceHost Host => fixture.Host;

    [Fact]
    public async Task Valid_token_passes_for_its_resource_and_records_last_use()
    {
        var user = await fixture.CreateUserAsync();
        var token = await fixture.CreateTokenAsync(user, ["requests", "assets"], new { expiresInDays = 5 });
        using var client = Host.WithBearer(token.GetProperty("token").GetString()!);

        var before = fixture.Clock.GetUtcNow();
        var response = await client.GetAsync("/api/v1/auth/check?resource=assets");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await Problem.JsonAsync(response);
        Assert.Equal(user, body.GetProperty("user").GetString());
        Assert.Equal(token.GetProperty("id").GetString(), body.GetProperty("tokenId").GetString());
        Assert.Equal("assets", body.GetProperty("resource").GetString());
        Assert.Equal(token.GetProperty("expiresAt").GetString(), body.GetProperty("expiresAt").GetString());

        var read = await Problem.JsonAsync(await Host.Admin.GetAsync($"/api/v1/access-tokens/{token.GetProperty("id").GetString()}"));
        var lastUsed = read.GetProperty("lastUsedAt").GetDateTimeOffset();
        Assert.InRange(lastUsed, before, fixture.Clock.GetUtcNow());
    }

    [Fact]
    public async Task A_check_verifies_the_credentials_once_for_the_resource_asked()
    {
        var user = await fixture.CreateUserAsync();
        var token = await fixture.CreateTokenAsync(user, ["requests"]);
        var id = token.GetProperty("id").GetString()!;

        Assert.Equal(HttpStatusCode.OK, await fixture.CheckAsync(token.GetProperty("token").GetString()!));
        Assert.Equal(HttpStatusCode.Forbidden, await fixture.CheckAsync(token.GetProperty("token").GetString()!, "assets"));

        Assert.True(Host.Logs.Contains($"Token {id} refused for resource assets"));
        Assert.False(Host.Logs.Contains($"Token {id} refused for resource admin"), "the check endpoint also ran the admin authentication");
    }

    [Fact]
    public async Task Token_without_the_resource_is_forbidden_with_insufficient_scope()
    {
        var user = await fixture.CreateUserAsync();
        var token = await fixture.CreateTokenAsync(user, ["requests"]);
        using var client = Host.WithBearer(token.GetProperty("token").GetString()!);

        var response = await client.GetAsync("/api/v1/auth/check?resource=assets");

        await Problem.AssertAsync(response, HttpStatusCode.Forbidden);
        Problem.AssertChallenge(response, "insufficient_scope");
    }

    [Fact]
    public async Task No_credentials_get_a_bare_challenge()
    {
        var response = await Host.Anonymous.GetAsync("/api/v1/auth/check?resource=requests");
        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
        Problem.AssertChallenge(response, null);
    }

    public static TheoryData<string> BadTokens()
    {
        var data = new TheoryData<string>
        {
            "smat_short",
            "not-a-token-at-all",
            "smat_AAAAAAAAAAAA_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "other_AAAAAAAAAAAA_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "smat_AAAAAAAAAAA!_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        };
        return data;
    }

    [Theory]
    [MemberData(nameof(BadTokens), MemberType = typeof(CheckApiTests))]
    public async Task Malformed_or_forged_values_are_invalid_tokens(string value)
    {
        using var client = Host.WithBearer(value);
        var response = await client.GetAsync("/api/v1/auth/check?resource=requests");
        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
        Problem.AssertChallenge(response, "invalid_token");
    }

    [Theory]
    [InlineData("/api/v1/auth/check?resource=requests", null)]
    [InlineData("/api/v1/auth/check?resource=requests", "Bearer smat_not-a-token")]
    [InlineData("/api/v1/users", null)]
    [InlineData("/api/v1/users", "Bearer smat_not-a-token")]
    public async Task A_client_that_accepts_only_html_is_refused_with_a_problem_not_a_server_error(string path, string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/html");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        var response = await Host.Anonymous.SendAsync(request);
        var body = await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
        Assert.False(string.IsNullOrEmpty(body.GetProperty("traceId").GetString()));
    }

    [Fact]
    public async Task A_changed_character_fails_the_checksum_and_an_unknown_id_fails_alike()
    {
        var user = await fixture.CreateUserAsync();
        var value = (await fixture.CreateTokenAsync(user)).GetProperty("token").GetString()!;
        var tampered = value[..^10] + (value[^10] == 'a' ? 'b' : 'a') + value[^9..];
        var otherSecret = TokenValues.WithOtherSecret(value);

        foreach (var presented in new[] { tampered, otherSecret })
        {
            using var client = Host.WithBearer(presented);
            var response = await client.GetAsync("/api/v1/auth/check?resource=requests");
            var body = await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
            Problem.AssertChallenge(response, "invalid_token");
            Assert.DoesNotContain("secret", body.GetProperty("detail").GetString()!, StringComparison.OrdinalIgnoreCase);
        }

        // The tampered value never reached the cluster; the re-signed one reached its grain, which refused the secret.
        var id = value.Split('_')[1];
        Assert.True(Host.Logs.Contains("Bearer value with a wrong shape, checksum or id refused"));
        Assert.True(Host.Logs.Contains($"Token {id} refused for resource requests: WrongSecret"));
        Assert.Equal(1, Host.Logs.Entries.Count(entry => entry.Contains($"Token {id} refused", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("Digest username=\"x\"")]
    [InlineData("Bearer")]
    [InlineData("Basic !!!not-base64")]
    [InlineData("Basic bm9jb2xvbg==")]
    public async Task Unreadable_authorization_is_an_invalid_request(string header)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/check?resource=requests");
        request.Headers.TryAddWithoutValidation("Authorization", header);
        var response = await Host.Anonymous.SendAsync(request);
        await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
        Problem.AssertChallenge(response, "invalid_request");
    }

    [Fact]
    public async Task Over_long_authorization_is_an_invalid_request()
    {
        using var client = Host.WithBearer(new string('a', 10_000));
        var response = await client.GetAsync("/api/v1/auth/check?resource=requests");
        await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Headers_too_large_for_the_server_are_refused_without_a_server_error()
    {
        using var client = Host.WithBearer(new string('a', 100_000));
        var response = await client.GetAsync("/api/v1/auth/check?resource=requests");
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("?resource=")]
    [InlineData("?resource=Not%20Valid")]
    public async Task Missing_or_bad_resource_is_an_invalid_request(string query)
    {
        var user = await fixture.CreateUserAsync();
        using var client = Host.WithBearer((await fixture.CreateTokenAsync(user)).GetProperty("token").GetString()!);
        var response = await client.GetAsync("/api/v1/auth/check" + query);
        await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
        Problem.AssertChallenge(response, "invalid_request");
    }

    [Fact]
    public async Task Disabling_a_user_fails_its_tokens_at_once_and_enabling_restores_the_live_ones()
    {
        var user = await fixture.CreateUserAsync();
        var live = (await fixture.CreateTokenAsync(user)).GetProperty("token").GetString()!;
        var revoked = await fixture.CreateTokenAsync(user);
        await Host.Admin.DeleteAsync($"/api/v1/access-tokens/{revoked.GetProperty("id").GetString()}");
        Assert.Equal(HttpStatusCode.OK, await fixture.CheckAsync(live));

        await Host.Admin.PatchAsJsonAsync($"/api/v1/users/{user}", new { active = false });
        Assert.Equal(HttpStatusCode.Unauthorized, await fixture.CheckAsync(live));

        await Host.Admin.PatchAsJsonAsync($"/api/v1/users/{user}", new { active = true });
        Assert.Equal(HttpStatusCode.OK, await fixture.CheckAsync(live));
        Assert.Equal(HttpStatusCode.Unauthorized, await fixture.CheckAsync(revoked.GetProperty("token").GetString()!));
    }

    [Fact]
    public async Task Basic_check_passes_when_the_users_profile_opens_the_resource()
    {
        var admin = await fixture.CreateUserAsync("Administrator", "admin-pass-123");
        var user = await fixture.CreateUserAsync("User", "user-pass-123");

        Assert.Equal(HttpStatusCode.OK, await BasicCheckAsync(admin, "admin-pass-123"));
        Assert.Equal(HttpStatusCode.OK, await BasicCheckAsync(admin, "admin-pass-123", "billing"));
        Assert.Equal(HttpStatusCode.OK, await BasicCheckAsync(user, "user-pass-123"));
        Assert.Equal(HttpStatusCode.Forbidden, await BasicCheckAsync(user, "user-pass-123", "billing"));
        Assert.Equal(HttpStatusCode.Unauthorized, await BasicCheckAsync(admin, "wrong-password"));
        Assert.Equal(HttpStatusCode.Unauthorized, await BasicCheckAsync("nobody-" + admin, "admin-pass-123"));
        Assert.Equal(HttpStatusCode.Unauthorized, await BasicCheckAsync("Not A Login", "admin-pass-123"));
    }

    private async Task<HttpStatusCode> BasicCheckAsync(string login, string password, string resource = "requests")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/auth/check?resource={resource}");
        request.Headers.Authorization = ServiceHost.Basic(login, password);
        using var response = await Host.Anonymous.SendAsync(request);
        return response.StatusCode;
    }
}

[Collection(SqliteApiCollection.Name)]
[Trait(Tier.Name, Tier.Fast)]
public sealed class CheckApiOnSqliteTests(SqliteApiFixture fixture) : CheckApiTests(fixture);

[Collection(PostgresApiCollection.Name)]
public sealed class CheckApiOnPostgresTests(PostgresApiFixture fixture) : CheckApiTests(fixture);
