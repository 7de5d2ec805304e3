using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AccessTokens.Tests.Infrastructure;
using Duende.IdentityModel.Client;

namespace AccessTokens.Tests.Api;

/// <summary>The token's own record, RFC 7662 introspection and RFC 7009 revocation.</summary>
public abstract class StandardEndpointTests(ApiFixture fixture)
{
    private ServiceHost Host => fixture.Host;

    [Fact]
    public async Task Self_returns_the_presented_tokens_record_and_nothing_else()
    {
        var user = await fixture.CreateUserAsync();
        var token = await fixture.CreateTokenAsync(user, ["requests", "assets"]);
        using var client = Host.WithBearer(token.GetProperty("token").GetString()!);

        var self = await Problem.JsonAsync(await client.GetAsync("/api/v1/access-tokens/self"));
        Assert.Equal(token.GetProperty("id").GetString(), self.GetProperty("id").GetString());
        Assert.Equal(user, self.GetProperty("user").GetString());
        Assert.False(self.TryGetProperty("token", out _));

        var anonymous = await Host.Anonymous.GetAsync("/api/v1/access-tokens/self");
        await Problem.AssertAsync(anonymous, HttpStatusCode.Unauthorized);
        Problem.AssertChallenge(anonymous, null);
        await Problem.AssertAsync(await Host.BasicAdmin.GetAsync("/api/v1/access-tokens/self"), HttpStatusCode.BadRequest);

        await Host.Admin.DeleteAsync($"/api/v1/access-tokens/{token.GetProperty("id").GetString()}");
        var revoked = await client.GetAsync("/api/v1/access-tokens/self");
        await Problem.AssertAsync(revoked, HttpStatusCode.Unauthorized);
        Problem.AssertChallenge(revoked, "invalid_token");
    }

    [Fact]
    public async Task Introspection_describes_a_working_token_and_says_only_inactive_otherwise()
    {
        var user = await fixture.CreateUserAsync();
        var token = await fixture.CreateTokenAsync(user, ["requests", "assets"], new { expiresInDays = 3 });
        var value = token.GetProperty("token").GetString()!;

        var active = await Problem.JsonAsync(await IntrospectAsync(Host.BasicAdmin, value));
        Assert.True(active.GetProperty("active").GetBoolean());
        Assert.Equal(user, active.GetProperty("sub").GetString());
        Assert.Equal(token.GetProperty("id").GetString(), active.GetProperty("client_id").GetString());
        Assert.Equal("requests assets", active.GetProperty("scope").GetString());
        Assert.Equal("access_token", active.GetProperty("token_type").GetString());
        Assert.Equal(DateTimeOffset.Parse(token.GetProperty("expiresAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds(),
            active.GetProperty("exp").GetInt64());
        Assert.Equal(DateTimeOffset.Parse(token.GetProperty("createdAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds(),
            active.GetProperty("iat").GetInt64());

        await Host.Admin.DeleteAsync($"/api/v1/access-tokens/{token.GetProperty("id").GetString()}");
        foreach (var inactive in new[] { value, value[..^1] + (value[^1] == 'A' ? 'B' : 'A'), "not-a-token" })
        {
            var response = await IntrospectAsync(Host.BasicAdmin, inactive);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("{\"active\":false}", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Introspection_needs_the_introspect_permission()
    {
        var user = await fixture.CreateUserAsync("User", "no-introspect-pass");
        var value = (await fixture.CreateTokenAsync(user)).GetProperty("token").GetString()!;
        using var plain = Host.NewClient();
        plain.DefaultRequestHeaders.Authorization = ServiceHost.Basic(user, "no-introspect-pass");

        var anonymous = await IntrospectAsync(Host.Anonymous, value);
        await Problem.AssertAsync(anonymous, HttpStatusCode.Unauthorized);
        Problem.AssertChallenge(anonymous, null);
        var forbidden = await IntrospectAsync(plain, value);
        await Problem.AssertAsync(forbidden, HttpStatusCode.Forbidden);
        Problem.AssertChallenge(forbidden, "insufficient_scope");

        // Read access to admin is enough for a bearer token: introspection only reads.
        Assert.Equal(HttpStatusCode.OK, (await IntrospectAsync(Host.Admin, value)).StatusCode);
        await Problem.AssertAsync(
            await Host.BasicAdmin.PostAsJsonAsync("/oauth2/introspect", new { token = value }), HttpStatusCode.BadRequest, "token");
    }

    [Fact]
    public async Task A_holder_revokes_its_own_token_and_unknown_tokens_answer_200()
    {
        var user = await fixture.CreateUserAsync();
        var token = await fixture.CreateTokenAsync(user);
        var value = token.GetProperty("token").GetString()!;
        using var holder = Host.WithBearer(value);

        Assert.Equal(HttpStatusCode.OK, (await RevokeAsync(holder, value)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await fixture.CheckAsync(value));
        var record = await Problem.JsonAsync(await Host.Admin.GetAsync($"/api/v1/access-tokens/{token.GetProperty("id").GetString()}"));
        Assert.Equal("revoked", record.GetProperty("status").GetString());
        Assert.Equal(user, record.GetProperty("revokedBy").GetString());

        // Again, and for values that name nothing: 200, as RFC 7009 says.
        Assert.Equal(HttpStatusCode.OK, (await RevokeAsync(holder, value)).StatusCode);
        var other = (await fixture.CreateTokenAsync(user)).GetProperty("token").GetString()!;
        using var otherHolder = Host.WithBearer(other);
        Assert.Equal(HttpStatusCode.OK, (await RevokeAsync(otherHolder, "smat_unknown")).StatusCode);
    }

    [Fact]
    public async Task A_token_cannot_revoke_another_token()
    {
        var user = await fixture.CreateUserAsync();
        var first = (await fixture.CreateTokenAsync(user)).GetProperty("token").GetString()!;
        var second = (await fixture.CreateTokenAsync(user)).GetProperty("token").GetString()!;
        using var holder = Host.WithBearer(first);

        var refused = await RevokeAsync(holder, second);
        await Problem.AssertAsync(refused, HttpStatusCode.Forbidden);
        Problem.AssertChallenge(refused, "insufficient_scope");
        Assert.Equal(HttpStatusCode.OK, await fixture.CheckAsync(second));

        var anonymous = await RevokeAsync(Host.Anonymous, second);
        await Problem.AssertAsync(anonymous, HttpStatusCode.Unauthorized);
        Problem.AssertChallenge(anonymous, null);
        Assert.Equal(HttpStatusCode.OK, await fixture.CheckAsync(second));
    }

    // Every character RFC 6749's form-urlencoding changes, a space, and what looks like an escape already.
    private const string ClientSecret = "Cl!ent-secret_1.2 +%41~*'()/:é";

    [Fact]
    public async Task An_OAuth_client_library_introspects_with_its_form_urlencoded_client_credentials()
    {
        var client = await fixture.CreateUserAsync("Administrator", ClientSecret);
        var value = (await fixture.CreateTokenAsync(await fixture.CreateUserAsync(), ["requests", "assets"])).GetProperty("token").GetString()!;
        using var http = new HttpClient();

        var active = await http.IntrospectTokenAsync(new TokenIntrospectionRequest
        {
            Address = new Uri(Host.Address, "/oauth2/introspect").ToString(), ClientId = client, ClientSecret = ClientSecret, Token = value,
        });
        Assert.False(active.IsError, active.Error);
        Assert.True(active.IsActive);
        Assert.Equal(["requests", "assets"], active.Claims.Where(c => c.Type == "scope").Select(c => c.Value));

        var unknown = await http.IntrospectTokenAsync(new TokenIntrospectionRequest
        {
            Address = new Uri(Host.Address, "/oauth2/introspect").ToString(), ClientId = client, ClientSecret = ClientSecret, Token = "smat_unknown",
        });
        Assert.False(unknown.IsError, unknown.Error);
        Assert.False(unknown.IsActive);

        // The same password sent as plain Basic, not encoded, passes too; a wrong one is refused either way.
        using var plain = Host.NewClient();
        plain.DefaultRequestHeaders.Authorization = ServiceHost.Basic(client, ClientSecret);
        Assert.Equal(HttpStatusCode.OK, (await IntrospectAsync(plain, value)).StatusCode);
        var wrong = await http.IntrospectTokenAsync(new TokenIntrospectionRequest
        {
            Address = new Uri(Host.Address, "/oauth2/introspect").ToString(), ClientId = client, ClientSecret = ClientSecret + "x", Token = value,
        });
        Assert.True(wrong.IsError);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.HttpStatusCode);
    }

    [Fact]
    public async Task An_OAuth_client_library_revokes_the_tokens_of_its_user_and_no_other()
    {
        var client = await fixture.CreateUserAsync(password: ClientSecret);
        var own = (await fixture.CreateTokenAsync(client)).GetProperty("token").GetString()!;
        var others = (await fixture.CreateTokenAsync(await fixture.CreateUserAsync())).GetProperty("token").GetString()!;
        using var http = new HttpClient();
        TokenRevocationRequest Revocation(string token) => new()
        {
            Address = new Uri(Host.Address, "/oauth2/revoke").ToString(), ClientId = client, ClientSecret = ClientSecret, Token = token, TokenTypeHint = "access_token",
        };

        var refused = await http.RevokeTokenAsync(Revocation(others));
        Assert.True(refused.IsError);
        Assert.Equal(HttpStatusCode.Forbidden, refused.HttpStatusCode);
        Assert.Equal(HttpStatusCode.OK, await fixture.CheckAsync(others));

        var revoked = await http.RevokeTokenAsync(Revocation(own));
        Assert.False(revoked.IsError, revoked.Error);
        Assert.Equal(HttpStatusCode.Unauthorized, await fixture.CheckAsync(own));
        var unknown = await http.RevokeTokenAsync(Revocation("smat_unknown"));
        Assert.False(unknown.IsError, unknown.Error);
    }

    private static Task<HttpResponseMessage> IntrospectAsync(HttpClient client, string token) =>
        client.PostAsync("/oauth2/introspect", new FormUrlEncodedContent([new("token", token)]));

    private static Task<HttpResponseMessage> RevokeAsync(HttpClient client, string token) =>
        client.PostAsync("/oauth2/revoke", new FormUrlEncodedContent([new("token", token)]));
}

[Collection(SqliteApiCollection.Name)]
[Trait(Tier.Name, Tier.Fast)]
public sealed class StandardEndpointOnSqliteTests(SqliteApiFixture fixture) : StandardEndpointTests(fixture);

[Collection(PostgresApiCollection.Name)]
public sealed class StandardEndpointOnPostgresTests(PostgresApiFixture fixture) : StandardEndpointTests(fixture);
