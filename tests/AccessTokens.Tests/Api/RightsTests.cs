using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AccessTokens.Tests.Infrastructure;

namespace AccessTokens.Tests.Api;

/// <summary>Nobody gives anyone a right they do not hold: not by profiles, not by passwords, not by tokens issued for others.</summary>
[Collection(SqliteApiCollection.Name)]
[Trait(Tier.Name, Tier.Fast)]
public sealed class RightsTests(SqliteApiFixture fixture)
{
    private const string Password = "rights-test-password";

    private ServiceHost Host => fixture.Host;

    [Fact]
    public async Task A_user_administrator_cannot_assign_a_profile_stronger_than_their_own()
    {
        var usersOnly = await ProfileAsync([new { resource = "admin", access = "readwrite" }], ["users.admin"]);
        var (login, client) = await BasicClientAsync(usersOnly);
        var other = await fixture.CreateUserAsync(usersOnly);

        // Administrator holds every permission; User opens resources this profile does not.
        foreach (var refused in new[]
        {
            await client.PatchAsJsonAsync($"/api/v1/users/{login}", new { profile = "Administrator" }),
            await client.PatchAsJsonAsync($"/api/v1/users/{other}", new { profile = "Administrator" }),
            await client.PatchAsJsonAsync($"/api/v1/users/{other}", new { profile = "User" }),
            await client.PostAsJsonAsync("/api/v1/users", new { login = Names.Login(), name = "Escalated", profile = "Administrator" }),
            await client.PostAsJsonAsync("/api/v1/users", new { login = Names.Login(), name = "Default profile" }),
        })
        {
            var body = await Problem.AssertAsync(refused, HttpStatusCode.Forbidden);
            Assert.Contains("does not hold every right", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(usersOnly, (await Problem.JsonAsync(await Host.Admin.GetAsync($"/api/v1/users/{login}"))).GetProperty("profile").GetString());
        Assert.Equal(usersOnly, (await Problem.JsonAsync(await Host.Admin.GetAsync($"/api/v1/users/{other}"))).GetProperty("profile").GetString());

        // A profile it holds entirely, its own included, it may give.
        var weaker = await ProfileAsync([new { resource = "admin", access = "read" }], []);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/users", new { login = Names.Login(), name = "Peer", profile = usersOnly })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PatchAsJsonAsync($"/api/v1/users/{other}", new { profile = weaker })).StatusCode);
    }

    [Fact]
    public async Task A_user_administrator_cannot_take_over_a_stronger_user_by_its_password()
    {
        var usersOnly = await ProfileAsync([new { resource = "admin", access = "readwrite" }], ["users.admin"]);
        var (login, client) = await BasicClientAsync(usersOnly);
        var strong = await fixture.CreateUserAsync("Administrator", "strong-user-password");

        await Problem.AssertAsync(await client.PatchAsJsonAsync($"/api/v1/users/{strong}", new { password = "taken-over-now" }), HttpStatusCode.Forbidden);
        await Problem.AssertAsync(await client.PatchAsJsonAsync($"/api/v1/users/{strong}", new { active = false }), HttpStatusCode.Forbidden);
        using var owner = Host.NewClient();
        owner.DefaultRequestHeaders.Authorization = ServiceHost.Basic(strong, "strong-user-password");
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("/api/v1/users")).StatusCode);

        // Its own password is its own to change.
        Assert.Equal(HttpStatusCode.OK, (await client.PatchAsJsonAsync($"/api/v1/users/{login}", new { password = "a-new-password" })).StatusCode);
    }

    [Fact]
    public async Task A_user_administrator_cannot_widen_or_define_a_profile_beyond_their_own_rights()
    {
        var usersOnly = await ProfileAsync([new { resource = "admin", access = "readwrite" }], ["users.admin"]);
        var (_, client) = await BasicClientAsync(usersOnly);
        var name = "P" + Names.Login().Replace("-", "", StringComparison.Ordinal);

        foreach (var refused in new[]
        {
            await client.PatchAsJsonAsync($"/api/v1/profiles/{usersOnly}", new { permissions = new[] { "users.admin", "tokens.admin" } }),
            await client.PatchAsJsonAsync($"/api/v1/profiles/{usersOnly}", new { allResources = true }),
            await client.PatchAsJsonAsync($"/api/v1/profiles/{usersOnly}", new { resources = new[] { new { resource = "admin", access = "readwrite" }, new { resource = "requests", access = "read" } } }),
            await client.PostAsJsonAsync("/api/v1/profiles", new { name, permissions = new[] { "introspect" } }),
            await client.PostAsJsonAsync("/api/v1/profiles", new { name, allResources = true }),
            await client.PatchAsJsonAsync("/api/v1/profiles/User", new { description = "mine now" }),
            await client.DeleteAsync("/api/v1/profiles/Administrator"),
        })
        {
            await Problem.AssertAsync(refused, HttpStatusCode.Forbidden);
        }

        var unchanged = await Problem.JsonAsync(await Host.Admin.GetAsync($"/api/v1/profiles/{usersOnly}"));
        Assert.Equal(["users.admin"], unchanged.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));
        Assert.False(unchanged.GetProperty("allResources").GetBoolean());
        await Problem.AssertAsync(await Host.Admin.GetAsync($"/api/v1/profiles/{name}"), HttpStatusCode.NotFound);

        var created = await client.PostAsJsonAsync("/api/v1/profiles", new { name, resources = new[] { new { resource = "admin", access = "read" } } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PatchAsJsonAsync($"/api/v1/profiles/{name}", new { description = "narrow" })).StatusCode);
    }

    [Fact]
    public async Task Only_a_holder_of_a_resource_moves_or_deletes_its_paths()
    {
        var usersOnly = await ProfileAsync([new { resource = "admin", access = "readwrite" }], ["users.admin"]);
        var (_, client) = await BasicClientAsync(usersOnly);
        var resource = Names.Resource();
        Assert.Equal(HttpStatusCode.Created, (await Host.Admin.PostAsJsonAsync("/api/v1/resources", new { name = resource, pathPrefixes = new[] { "/" + resource } })).StatusCode);

        await Problem.AssertAsync(await client.PatchAsJsonAsync($"/api/v1/resources/{resource}", new { pathPrefixes = Array.Empty<string>() }), HttpStatusCode.Forbidden);
        await Problem.AssertAsync(await client.DeleteAsync($"/api/v1/resources/{resource}"), HttpStatusCode.Forbidden);
        var kept = await Problem.JsonAsync(await Host.Admin.GetAsync($"/api/v1/resources/{resource}"));
        Assert.Equal(["/" + resource], kept.GetProperty("pathPrefixes").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(HttpStatusCode.OK, (await Host.Admin.PatchAsJsonAsync($"/api/v1/resources/{resource}", new { description = "by a holder" })).StatusCode);
    }

    [Fact]
    public async Task A_token_administrator_cannot_issue_an_admin_token_in_a_peers_name_or_revoke_a_stronger_users_tokens()
    {
        var tokensOnly = await ProfileAsync([new { resource = "admin", access = "readwrite" }, new { resource = "requests", access = "read" }], ["tokens.admin"]);
        var (login, client) = await BasicClientAsync(tokensOnly);
        var peer = await fixture.CreateUserAsync(tokensOnly);

        var impersonation = await client.PostAsJsonAsync("/api/v1/access-tokens", new { name = "as my peer", user = peer, resources = new[] { "admin" } });
        await Problem.AssertAsync(impersonation, HttpStatusCode.Forbidden);
        Assert.Equal(0, (await Problem.JsonAsync(await Host.Admin.GetAsync($"/api/v1/users/{peer}"))).GetProperty("tokenCount").GetInt32());
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/access-tokens", new { name = "peer reads", user = peer, resources = new[] { "requests" } })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/access-tokens", new { name = "my own", user = login, resources = new[] { "admin" } })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Host.Admin.PostAsJsonAsync("/api/v1/access-tokens", new { name = "by a full administrator", user = peer, resources = new[] { "admin" } })).StatusCode);

        // The administrator's tokens hold permissions this caller lacks: they stay, and keep working.
        var strong = await fixture.CreateUserAsync("Administrator");
        var strongToken = await fixture.CreateTokenAsync(strong, ["requests"]);
        await Problem.AssertAsync(await client.DeleteAsync($"/api/v1/access-tokens/{strongToken.GetProperty("id").GetString()}"), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, await fixture.CheckAsync(strongToken.GetProperty("token").GetString()!));

        var consumerToken = await fixture.CreateTokenAsync(await fixture.CreateUserAsync(), ["requests"]);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/access-tokens/{consumerToken.GetProperty("id").GetString()}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await fixture.CheckAsync(consumerToken.GetProperty("token").GetString()!));
    }

    [Fact]
    public async Task An_action_done_with_a_bearer_token_is_audited_with_the_token_and_who_issued_it()
    {
        var holder = await fixture.CreateUserAsync("Administrator");
        var issued = await Problem.JsonAsync(await Host.BasicAdmin.PostAsJsonAsync("/api/v1/access-tokens", new { name = "issued for another", user = holder, resources = new[] { "admin" } }));
        var tokenId = issued.GetProperty("id").GetString();
        using var client = Host.WithBearer(issued.GetProperty("token").GetString()!);
        var target = Names.Login();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/users", new { login = target, name = "Made with a token", profile = "Administrator" })).StatusCode);

        var entry = Assert.Single((await AuditAsync($"target={target}")).EnumerateArray());
        Assert.Equal(holder, entry.GetProperty("actor").GetString());
        Assert.Equal("user.create", entry.GetProperty("action").GetString());
        Assert.Equal(tokenId, entry.GetProperty("tokenId").GetString());
        Assert.Equal("admin", entry.GetProperty("tokenCreatedBy").GetString());

        // The issuer answers for it too: asking for the issuer's actions finds it.
        Assert.Contains((await AuditAsync("actor=admin&limit=200")).EnumerateArray(), e => e.GetProperty("target").GetString() == target);

        // With a password there is no token to name.
        var plain = Names.Login();
        Assert.Equal(HttpStatusCode.Created, (await Host.BasicAdmin.PostAsJsonAsync("/api/v1/users", new { login = plain, name = "Made with a password" })).StatusCode);
        var basic = Assert.Single((await AuditAsync($"target={plain}")).EnumerateArray());
        Assert.Equal(JsonValueKind.Null, basic.GetProperty("tokenId").ValueKind);
        Assert.Equal(JsonValueKind.Null, basic.GetProperty("tokenCreatedBy").ValueKind);
    }

    private async Task<JsonElement> AuditAsync(string query) =>
        (await Problem.JsonAsync(await Host.Admin.GetAsync($"/api/v1/audit?{query}"))).GetProperty("items");

    private async Task<string> ProfileAsync(object[] resources, string[] permissions)
    {
        var name = "P" + Names.Login().Replace("-", "", StringComparison.Ordinal);
        var response = await Host.Admin.PostAsJsonAsync("/api/v1/profiles", new { name, resources, permissions });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return name;
    }

    private async Task<(string Login, HttpClient Client)> BasicClientAsync(string profile)
    {
        var login = await fixture.CreateUserAsync(profile, Password);
        var client = Host.NewClient();
        client.DefaultRequestHeaders.Authorization = ServiceHost.Basic(login, Password);
        return (login, client);
    }
}
