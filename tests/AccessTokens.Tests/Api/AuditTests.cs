using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AccessTokens.Tests.Infrastructure;

namespace AccessTokens.Tests.Api;

/// <summary>The audit trail: every administrative change and failed sign-in, durable, newest first, without secrets.</summary>
public abstract class AuditTests(ApiFixture fixture)
{
    private ServiceHost Host => fixture.Host;

    [Fact]
    public async Task Token_creation_and_revocation_are_recorded_with_actor_address_and_outcome()
    {
        var user = await fixture.CreateUserAsync();
        var token = await fixture.CreateTokenAsync(user);
        var id = token.GetProperty("id").GetString()!;
        await Host.Admin.DeleteAsync($"/api/v1/access-tokens/{id}");

        var entries = await EntriesAsync($"target={id}");
        Assert.Equal(["token.revoke", "token.create"], entries.Select(e => e.GetProperty("action").GetString()));
        foreach (var entry in entries)
        {
            Assert.Equal("admin", entry.GetProperty("actor").GetString());
            Assert.Equal("127.0.0.1", entry.GetProperty("clientAddress").GetString());
            Assert.Equal("success", entry.GetProperty("outcome").GetString());
            Assert.True(entry.GetProperty("at").GetDateTimeOffset() > DateTimeOffset.UnixEpoch);
        }

        var all = await (await Host.Admin.GetAsync("/api/v1/audit?limit=200")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(token.GetProperty("token").GetString()!, all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refused_changes_and_failed_sign_ins_are_recorded_without_the_password()
    {
        var login = Names.Login();
        await Host.Admin.PostAsJsonAsync("/api/v1/users", new { login, name = "Audited", password = "audited-password" });
        var refused = await Host.Admin.PatchAsJsonAsync($"/api/v1/users/{login}", new { profile = "NoSuchProfile" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var updates = await EntriesAsync($"target={login}");
        Assert.Equal([("user.update", "invalid"), ("user.create", "success")],
            updates.Select(e => (e.GetProperty("action").GetString(), e.GetProperty("outcome").GetString())));

        using var wrong = Host.NewClient();
        wrong.DefaultRequestHeaders.Authorization = ServiceHost.Basic(login, "a-wrong-guess-123");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/api/v1/users")).StatusCode);
        var signIn = Assert.Single(await EntriesAsync($"actor={login}"));
        Assert.Equal("sign-in", signIn.GetProperty("action").GetString());
        Assert.Equal("failed", signIn.GetProperty("outcome").GetString());
        Assert.Equal("/api/v1/users", signIn.GetProperty("target").GetString());

        var all = await (await Host.Admin.GetAsync("/api/v1/audit?limit=200")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("a-wrong-guess-123", all, StringComparison.Ordinal);
        Assert.DoesNotContain("audited-password", all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_trail_pages_newest_first_without_repeating_an_entry()
    {
        var resource = Names.Resource();
        await Host.Admin.PostAsJsonAsync("/api/v1/resources", new { name = resource });
        for (var i = 0; i < 4; i++)
        {
            await Host.Admin.PatchAsJsonAsync($"/api/v1/resources/{resource}", new { description = $"v{i}" });
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await Problem.JsonAsync(await Host.Admin.GetAsync(
                $"/api/v1/audit?target={resource}&limit=2" + (cursor is null ? string.Empty : $"&cursor={cursor}")));
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()!));
            cursor = page.GetProperty("next").GetString();
        }
        while (cursor is not null);

        Assert.Equal(["resource.update", "resource.update", "resource.update", "resource.update", "resource.create"], seen);
        await Problem.AssertAsync(await Host.Admin.GetAsync("/api/v1/audit?cursor=nonsense"), HttpStatusCode.BadRequest, "cursor");
    }

    private async Task<List<JsonElement>> EntriesAsync(string filter)
    {
        var page = await Problem.JsonAsync(await Host.Admin.GetAsync($"/api/v1/audit?{filter}&limit=200"));
        return [.. page.GetProperty("items").EnumerateArray()];
    }
}

[Collection(SqliteApiCollection.Name)]
[Trait(Tier.Name, Tier.Fast)]
public sealed class AuditOnSqliteTests(SqliteApiFixture fixture) : AuditTests(fixture);

[Collection(PostgresApiCollection.Name)]
public sealed class AuditOnPostgresTests(PostgresApiFixture fixture) : AuditTests(fixture);
