using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AccessTokens.Tests.Infrastructure;

namespace AccessTokens.Tests.Api;

/// <summary>Resources, profiles and permissions: data administrators manage, enforced on every check.</summary>
public abstract class AuthorizationApiTests(ApiFixture fixture)
{
    private ServiceHost Host => fixture.Host;

    [Fact]
    public async Task Resources_are_catalogued_listed_changed_and_validated()
    {
        var name = Names.Resource();
        var created = await Host.Admin.PostAsJsonAsync("/api/v1/resources", new { name, description = "Service requests", pathPrefixes = new[] { $"/{name}" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/v1/resources/{name}", created.Headers.Location?.OriginalString);

        var list = await Problem.JsonAsync(await Host.Admin.GetAsync("/api/v1/resources"));
        var names = list.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("name").GetString()).ToList();
        Assert.Contains("admin", names);
        Assert.Contains(name, names);

        var changed = await Problem.JsonAsync(await Host.Admin.PatchAsJsonAsync($"/api/v1/resources/{name}", new { description = "Changed" }));
        Assert.Equal("Changed", changed.GetProperty("description").GetString());
        Assert.Equal($"/{name}", changed.GetProperty("pathPrefixes")[0].GetString());

        await Problem.AssertAsync(await Host.Admin.PostAsJsonAsync("/api/v1/resources", new { name }), HttpStatusCode.Conflict);
        await Problem.AssertAsync(await Host.Admin.PostAsJsonAsync("/api/v1/resources", new { name = "Not Valid" }), HttpStatusCode.BadRequest, "name");
        await Problem.AssertAsync(
            await Host.Admin.PostAsJsonAsync("/api/v1/resources", new { name = Names.Resource(), pathPrefixes = new[] { "/a/../b" } }),
            HttpStatusCode.BadRequest, "pathPrefixes");
        await Problem.AssertAsync(
            await Host.Admin.PostAsJsonAsync("/api/v1/resources", new { name = Names.Resource(), pathPrefixes = new[] { $"/{name}" } }),
            HttpStatusCode.Conflict);
        await Problem.AssertAsync(await Host.Admin.DeleteAsync("/api/v1/resources/admin"), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_token_may_only_name_catalogued_resources_its_users_profile_allows()
    {
        var user = await fixture.CreateUserAsync();
        var uncatalogued = await Host.Admin.PostAsJsonAsync("/api/v1/access-tokens", new { name = "t", user, resources = new[] { Names.Resource() } });
        await Problem.AssertAsync(uncatalogued, HttpStatusCode.BadRequest, "resources");

        var resource = await CreateResourceAsync();
        var notAllowed = await Host.Admin.PostAsJsonAsync("/api/v1/access-tokens", new { name = "t", user, resources = new[] { resource } });
        var body = await Problem.AssertAsync(notAllowed, HttpStatusCode.BadRequest, "resources");
        Assert.Contains("profile", body.GetProperty("errors").GetProperty("resources")[0].GetString(), StringComparison.Ordinal);

        var admin = await Host.Admin.PostAsJsonAsync("/api/v1/access-tokens", new { name = "t", user, resources = new[] { "admin" } });
        await Problem.AssertAsync(admin, HttpStatusCode.BadRequest, "resources");
    }

    [Fact]
    public async Task Narrowing_a_profile_refuses_existing_tokens_at_once_and_widening_restores_them()
    {
        var resource = await CreateResourceAsync();
        var profile = await CreateProfileAsync([new { resource, access = "readwrite" }]);
        var user = await fixture.CreateUserAsync(profile);
        var token = (await fixture.CreateTokenAsync(user, [resource])).GetProperty("token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, await fixture.CheckAsync(token, resource));

        var narrowed = await Host.Admin.PatchAsJsonAsync($"/api/v1/profiles/{profile}", new { resources = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.OK, narrowed.StatusCode);
        using (var client = Host.WithBearer(token))
        {
            var refused = await client.GetAsync($"/api/v1/auth/check?resource={resource}");
            await Problem.AssertAsync(refused, HttpStatusCode.Forbidden);
            Problem.AssertChallenge(refused, "insufficient_scope");
        }

        await Host.Admin.PatchAsJsonAsync($"/api/v1/profiles/{profile}", new { resources = new[] { new { resource, access = "read" } } });
        Assert.Equal(HttpStatusCode.OK, await fixture.CheckAsync(token, resource));
    }

    [Fact]
    public async Task A_profile_change_reaches_every_token_of_every_member_beyond_one_push_batch()
    {
        var resource = await CreateResourceAsync();
        var profile = await CreateProfileAsync([new { resource, access = "readwrite" }]);
        var tokens = new List<string>();
        for (var u = 0; u < 5; u++)
        {
            var user = await fixture.CreateUserAsync(profile);
            for (var t = 0; t < (u == 0 ? 40 : 2); t++)
            {
                tokens.Add((await fixture.CreateTokenAsync(user, [resource])).GetProperty("token").GetString()!);
            }
        }

        Assert.Equal(HttpStatusCode.OK, (await Host.Admin.PatchAsJsonAsync($"/api/v1/profiles/{profile}", new { resources = Array.Empty<object>() })).StatusCode);
        foreach (var token in tokens)
        {
            Assert.Equal(HttpStatusCode.Forbidden, await fixture.CheckAsync(token, resource));
        }
    }

    [Fact]
    public async Task A_method_the_profile_does_not_allow_is_forbidden()
    {
        var resource = await CreateResourceAsync();
        var profile = await CreateProfileAsync([new { resource, access = "read" }]);
        var user = await fixture.CreateUserAsync(profile);
        using var client = Host.WithBearer((await fixture.CreateTokenAsync(user, [resource])).GetProperty("token").GetString()!);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/auth/check?resource={resource}&method=GET")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/auth/check?resource={resource}&method=HEAD")).StatusCode);
        var post = await client.GetAsync($"/api/v1/auth/check?resource={resource}&method=POST");
        await Problem.AssertAsync(post, HttpStatusCode.Forbidden);
        Problem.AssertChallenge(post, "insufficient_scope");
        await Problem.AssertAsync(await client.GetAsync($"/api/v1/auth/check?resource={resource}&method=G%20T"), HttpStatusCode.BadRequest);

        await Host.Admin.PatchAsJsonAsync($"/api/v1/profiles/{profile}", new { resources = new[] { new { resource, access = "write" } } });
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/auth/check?resource={resource}&method=DELETE")).StatusCode);
        await Problem.AssertAsync(await client.GetAsync($"/api/v1/auth/check?resource={resource}"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Moving_a_user_to_another_profile_takes_effect_on_the_next_check()
    {
        var resource = await CreateResourceAsync();
        var wide = await CreateProfileAsync([new { resource, access = "readwrite" }]);
        var narrow = await CreateProfileAsync([]);
        var user = await fixture.CreateUserAsync(wide);
        var token = (await fixture.CreateTokenAsync(user, [resource])).GetProperty("token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, await fixture.CheckAsync(token, resource));

        Assert.Equal(HttpStatusCode.OK, (await Host.Admin.PatchAsJsonAsync($"/api/v1/users/{user}", new { profile = narrow })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, await fixture.CheckAsync(token, resource));

        // The old profile changing no longer reaches the user that left it.
        await Host.Admin.PatchAsJsonAsync($"/api/v1/profiles/{wide}", new { description = "still wide" });
        Assert.Equal(HttpStatusCode.Forbidden, await fixture.CheckAsync(token, resource));
    }

    [Fact]
    public async Task The_last_profile_able_to_administer_cannot_be_emptied_or_deleted()
    {
        var emptied = await Host.Admin.PatchAsJsonAsync("/api/v1/profiles/Administrator", new { permissions = Array.Empty<string>() });
        await Problem.AssertAsync(emptied, HttpStatusCode.Conflict);
        var noAdmin = await Host.Admin.PatchAsJsonAsync("/api/v1/profiles/Administrator", new { allResources = false });
        await Problem.AssertAsync(noAdmin, HttpStatusCode.Conflict);
        await Problem.AssertAsync(await Host.Admin.DeleteAsync("/api/v1/profiles/Administrator"), HttpStatusCode.Conflict);
        await Problem.AssertAsync(await Host.Admin.DeleteAsync("/api/v1/profiles/User"), HttpStatusCode.Conflict);

        var administrator = await Problem.JsonAsync(await Host.Admin.GetAsync("/api/v1/profiles/Administrator"));
        Assert.True(administrator.GetProperty("allResources").GetBoolean());
        Assert.Equal(["tokens.admin", "users.admin", "introspect"], administrator.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));
        Assert.True(administrator.GetProperty("builtIn").GetBoolean());
    }

    [Fact]
    public async Task Profiles_are_validated_and_one_in_use_cannot_be_deleted()
    {
        var name = "P" + Names.Login().Replace("-", "", StringComparison.Ordinal);
        await Problem.AssertAsync(
            await Host.Admin.PostAsJsonAsync("/api/v1/profiles", new { name, permissions = new[] { "root" } }), HttpStatusCode.BadRequest, "permissions");
        await Problem.AssertAsync(
            await Host.Admin.PostAsJsonAsync("/api/v1/profiles", new { name, resources = new[] { new { resource = "requests", access = "everything" } } }),
            HttpStatusCode.BadRequest);
        await Problem.AssertAsync(
            await Host.Admin.PostAsJsonAsync("/api/v1/profiles", new { name, resources = new[] { new { resource = Names.Resource(), access = "read" } } }),
            HttpStatusCode.BadRequest, "resources");
        await Problem.AssertAsync(await Host.Admin.PostAsJsonAsync("/api/v1/profiles", new { name = "9 bad" }), HttpStatusCode.BadRequest, "name");

        var profile = await CreateProfileAsync([]);
        await Problem.AssertAsync(await Host.Admin.PostAsJsonAsync("/api/v1/profiles", new { name = profile.ToUpperInvariant() }), HttpStatusCode.Conflict);
        var user = await fixture.CreateUserAsync(profile);
        await Problem.AssertAsync(await Host.Admin.DeleteAsync($"/api/v1/profiles/{profile}"), HttpStatusCode.Conflict);

        await Host.Admin.PatchAsJsonAsync($"/api/v1/users/{user}", new { profile = "User" });
        Assert.Equal(HttpStatusCode.NoContent, (await Host.Admin.DeleteAsync($"/api/v1/profiles/{profile}")).StatusCode);
        await Problem.AssertAsync(await Host.Admin.GetAsync($"/api/v1/profiles/{profile}"), HttpStatusCode.NotFound);
        await Problem.AssertAsync(
            await Host.Admin.PatchAsJsonAsync($"/api/v1/users/{user}", new { profile }), HttpStatusCode.BadRequest, "profile");
    }

    [Fact]
    public async Task A_resource_named_by_a_profile_or_a_live_token_cannot_be_deleted()
    {
        var resource = await CreateResourceAsync();
        var profile = await CreateProfileAsync([new { resource, access = "read" }]);
        var user = await fixture.CreateUserAsync(profile);
        var token = await fixture.CreateTokenAsync(user, [resource]);

        await Problem.AssertAsync(await Host.Admin.DeleteAsync($"/api/v1/resources/{resource}"), HttpStatusCode.Conflict);
        await Host.Admin.PatchAsJsonAsync($"/api/v1/profiles/{profile}", new { resources = Array.Empty<object>() });
        await Problem.AssertAsync(await Host.Admin.DeleteAsync($"/api/v1/resources/{resource}"), HttpStatusCode.Conflict);

        await Host.Admin.DeleteAsync($"/api/v1/access-tokens/{token.GetProperty("id").GetString()}");
        Assert.Equal(HttpStatusCode.NoContent, (await Host.Admin.DeleteAsync($"/api/v1/resources/{resource}")).StatusCode);
        await Problem.AssertAsync(await Host.Admin.GetAsync($"/api/v1/resources/{resource}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Each_admin_action_needs_its_permission()
    {
        var tokensOnly = await CreateProfileAsync([new { resource = "admin", access = "readwrite" }, new { resource = "requests", access = "read" }], ["tokens.admin"]);
        var usersOnly = await CreateProfileAsync([new { resource = "admin", access = "readwrite" }], ["users.admin"]);
        using var tokenAdmin = await BasicClientAsync(tokensOnly);
        using var userAdmin = await BasicClientAsync(usersOnly);
        var consumer = await fixture.CreateUserAsync();

        Assert.Equal(HttpStatusCode.OK, (await tokenAdmin.GetAsync("/api/v1/access-tokens")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await tokenAdmin.GetAsync("/api/v1/users")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await tokenAdmin.GetAsync("/api/v1/resources")).StatusCode);
        Assert.Equal(HttpStatusCode.Created,
            (await tokenAdmin.PostAsJsonAsync("/api/v1/access-tokens", new { name = "t", user = consumer, resources = new[] { "requests" } })).StatusCode);
        foreach (var refused in new[]
        {
            await tokenAdmin.PostAsJsonAsync("/api/v1/users", new { login = Names.Login(), name = "x" }),
            await tokenAdmin.PatchAsJsonAsync($"/api/v1/users/{consumer}", new { active = false }),
            await tokenAdmin.PostAsJsonAsync("/api/v1/resources", new { name = Names.Resource() }),
            await tokenAdmin.GetAsync("/api/v1/audit"),
            await userAdmin.GetAsync("/api/v1/access-tokens"),
            await userAdmin.PostAsJsonAsync("/api/v1/access-tokens", new { name = "t", user = consumer, resources = new[] { "requests" } }),
        })
        {
            await Problem.AssertAsync(refused, HttpStatusCode.Forbidden);
            Problem.AssertChallenge(refused, "insufficient_scope");
        }

        Assert.Equal(HttpStatusCode.OK, (await userAdmin.GetAsync("/api/v1/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await userAdmin.PostAsJsonAsync("/api/v1/resources", new { name = Names.Resource() })).StatusCode);
    }

    [Fact]
    public async Task A_token_administrator_cannot_issue_a_token_stronger_than_their_own_rights()
    {
        var helpdesk = await CreateProfileAsync([new { resource = "admin", access = "readwrite" }], ["tokens.admin"]);
        using var client = await BasicClientAsync(helpdesk);
        var response = await client.PostAsJsonAsync("/api/v1/access-tokens", new { name = "escalate", user = "admin", resources = new[] { "admin" } });
        await Problem.AssertAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_bearer_token_on_admin_endpoints_needs_admin_with_the_methods_access()
    {
        var readOnly = await CreateProfileAsync([new { resource = "admin", access = "read" }], ["tokens.admin"]);
        var user = await fixture.CreateUserAsync(readOnly);
        using var client = Host.WithBearer((await fixture.CreateTokenAsync(user, ["admin"])).GetProperty("token").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/access-tokens")).StatusCode);
        var write = await client.PostAsJsonAsync("/api/v1/access-tokens", new { name = "t", user, resources = new[] { "admin" } });
        await Problem.AssertAsync(write, HttpStatusCode.Forbidden);
        Problem.AssertChallenge(write, "insufficient_scope");
    }

    [Fact]
    public async Task Basic_on_the_check_endpoint_follows_the_users_profile()
    {
        var resource = await CreateResourceAsync();
        var profile = await CreateProfileAsync([new { resource, access = "read" }]);
        var login = await fixture.CreateUserAsync(profile, "basic-check-pass");
        using var client = Host.NewClient();
        client.DefaultRequestHeaders.Authorization = ServiceHost.Basic(login, "basic-check-pass");

        var allowed = await Problem.JsonAsync(await client.GetAsync($"/api/v1/auth/check?resource={resource}"));
        Assert.Equal(login, allowed.GetProperty("user").GetString());
        Assert.Equal(JsonValueKind.Null, allowed.GetProperty("tokenId").ValueKind);
        await Problem.AssertAsync(await client.GetAsync($"/api/v1/auth/check?resource={resource}&method=PUT"), HttpStatusCode.Forbidden);
        await Problem.AssertAsync(await client.GetAsync("/api/v1/auth/check?resource=requests"), HttpStatusCode.Forbidden);
    }

    private async Task<string> CreateResourceAsync()
    {
        var name = Names.Resource();
        var response = await Host.Admin.PostAsJsonAsync("/api/v1/resources", new { name, description = "test" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return name;
    }

    private async Task<string> CreateProfileAsync(object[] resources, string[]? permissions = null)
    {
        var name = "P" + Names.Login().Replace("-", "", StringComparison.Ordinal);
        var response = await Host.Admin.PostAsJsonAsync("/api/v1/profiles", new { name, description = "test", resources, permissions = permissions ?? [] });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return name;
    }

    private async Task<HttpClient> BasicClientAsync(string profile)
    {
        var login = await fixture.CreateUserAsync(profile, "profile-user-pass");
        var client = Host.NewClient();
        client.DefaultRequestHeaders.Authorization = ServiceHost.Basic(login, "profile-user-pass");
        return client;
    }
}

[Collection(SqliteApiCollection.Name)]
[Trait(Tier.Name, Tier.Fast)]
public sealed class AuthorizationApiOnSqliteTests(SqliteApiFixture fixture) : AuthorizationApiTests(fixture);

[Collection(PostgresApiCollection.Name)]
public sealed class AuthorizationApiOnPostgresTests(PostgresApiFixture fixture) : AuthorizationApiTests(fixture);
