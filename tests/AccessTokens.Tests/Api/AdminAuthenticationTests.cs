using System.Net;
using System.Net.Http.Json;
using AccessTokens.Tests.Infrastructure;

namespace AccessTokens.Tests.Api;

public abstract class AdminAuthenticationTests(ApiFixture fixture)
{
    private ServiceHost Host => fixture.Host;

    [Fact]
    public async Task Admin_endpoints_need_credentials()
    {
        var response = await Host.Anonymous.GetAsync("/api/v1/users");
        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
        Problem.AssertChallenge(response, null);
    }

    [Fact]
    public async Task Basic_administrator_is_let_in()
    {
        Assert.Equal(HttpStatusCode.OK, (await Host.BasicAdmin.GetAsync("/api/v1/users")).StatusCode);
    }

    [Fact]
    public async Task Wrong_password_is_an_invalid_token_challenge()
    {
        using var client = Host.NewClient();
        client.DefaultRequestHeaders.Authorization = ServiceHost.Basic("admin", "not-the-password");
        var response = await client.GetAsync("/api/v1/users");
        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
        Problem.AssertChallenge(response, "invalid_token");
    }

    [Fact]
    public async Task A_plain_user_is_forbidden_and_gets_no_admin_token()
    {
        var user = await fixture.CreateUserAsync("User", "plain-user-pass");
        using var basic = Host.NewClient();
        basic.DefaultRequestHeaders.Authorization = ServiceHost.Basic(user, "plain-user-pass");
        var adminToken = await Host.Admin.PostAsJsonAsync("/api/v1/access-tokens", new { name = "t", user, resources = new[] { "admin" } });
        await Problem.AssertAsync(adminToken, HttpStatusCode.BadRequest, "resources");
        var token = (await fixture.CreateTokenAsync(user, ["requests"])).GetProperty("token").GetString()!;
        using var bearer = Host.WithBearer(token);

        foreach (var client in new[] { basic, bearer })
        {
            var response = await client.GetAsync("/api/v1/users");
            await Problem.AssertAsync(response, HttpStatusCode.Forbidden);
            Problem.AssertChallenge(response, "insufficient_scope");
        }
    }

    [Fact]
    public async Task An_administrator_token_needs_the_admin_resource()
    {
        var admin = await fixture.CreateUserAsync("Administrator");
        var without = (await fixture.CreateTokenAsync(admin, ["requests"])).GetProperty("token").GetString()!;
        var with = await fixture.CreateTokenAsync(admin, ["admin"]);
        using var withoutClient = Host.WithBearer(without);
        using var withClient = Host.WithBearer(with.GetProperty("token").GetString()!);

        await Problem.AssertAsync(await withoutClient.GetAsync("/api/v1/users"), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await withClient.GetAsync("/api/v1/users")).StatusCode);

        await Host.Admin.DeleteAsync($"/api/v1/access-tokens/{with.GetProperty("id").GetString()}");
        var revoked = await withClient.GetAsync("/api/v1/users");
        await Problem.AssertAsync(revoked, HttpStatusCode.Unauthorized);
        Problem.AssertChallenge(revoked, "invalid_token");
    }

    [Fact]
    public async Task Tokens_record_who_created_and_revoked_them()
    {
        var admin = await fixture.CreateUserAsync("Administrator");
        var adminToken = (await fixture.CreateTokenAsync(admin, ["admin"])).GetProperty("token").GetString()!;
        using var client = Host.WithBearer(adminToken);
        var user = await fixture.CreateUserAsync();

        var created = await Problem.JsonAsync(await client.PostAsJsonAsync("/api/v1/access-tokens", new { name = "t", user, resources = new[] { "requests" } }));
        var id = created.GetProperty("id").GetString();
        await client.DeleteAsync($"/api/v1/access-tokens/{id}");
        var read = await Problem.JsonAsync(await client.GetAsync($"/api/v1/access-tokens/{id}"));

        Assert.Equal(admin, read.GetProperty("createdBy").GetString());
        Assert.Equal(admin, read.GetProperty("revokedBy").GetString());
    }
}

[Collection(SqliteApiCollection.Name)]
[Trait(Tier.Name, Tier.Fast)]
public sealed class AdminAuthenticationOnSqliteTests(SqliteApiFixture fixture) : AdminAuthenticationTests(fixture);

[Collection(PostgresApiCollection.Name)]
public sealed class AdminAuthenticationOnPostgresTests(PostgresApiFixture fixture) : AdminAuthenticationTests(fixture);
