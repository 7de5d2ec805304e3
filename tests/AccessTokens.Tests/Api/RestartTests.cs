using System.Net;
using System.Net.Http.Json;
using AccessTokens.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace AccessTokens.Tests.Api;

public sealed class RestartTests : IDisposable
{
    private readonly TempDirectory directory = new();

    [Fact]
    public async Task Users_tokens_revocations_and_last_use_survive_a_restart()
    {
        var database = directory.File("restart.db");
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        string login, liveId, liveValue, revokedId, revokedValue;
        string? lastUsedBefore, revokedAtBefore;

        // An hour between writes: only the graceful stop can have stored the date of last use.
        await using (var first = await ServiceHost.StartAsync(database, clock, TimeSpan.FromHours(1)))
        {
            login = Names.Login();
            await first.Admin.PostAsJsonAsync("/api/v1/users", new { login, name = "Survivor", profile = "User", password = "survivor-pass" });
            var live = await Problem.JsonAsync(await first.Admin.PostAsJsonAsync("/api/v1/access-tokens", new { name = "live", user = login, resources = new[] { "requests" } }));
            var revoked = await Problem.JsonAsync(await first.Admin.PostAsJsonAsync("/api/v1/access-tokens", new { name = "gone", user = login, resources = new[] { "requests" } }));
            (liveId, liveValue) = (live.GetProperty("id").GetString()!, live.GetProperty("token").GetString()!);
            (revokedId, revokedValue) = (revoked.GetProperty("id").GetString()!, revoked.GetProperty("token").GetString()!);

            clock.Advance(TimeSpan.FromMinutes(7));
            using (var consumer = first.WithBearer(liveValue))
            {
                Assert.Equal(HttpStatusCode.OK, (await consumer.GetAsync("/api/v1/auth/check?resource=requests")).StatusCode);
            }

            Assert.Equal(HttpStatusCode.NoContent, (await first.Admin.DeleteAsync($"/api/v1/access-tokens/{revokedId}")).StatusCode);
            await first.Admin.PatchAsJsonAsync($"/api/v1/users/{login}", new { name = "Survivor Renamed" });
            lastUsedBefore = (await Problem.JsonAsync(await first.Admin.GetAsync($"/api/v1/access-tokens/{liveId}"))).GetProperty("lastUsedAt").GetString();
            revokedAtBefore = (await Problem.JsonAsync(await first.Admin.GetAsync($"/api/v1/access-tokens/{revokedId}"))).GetProperty("revokedAt").GetString();
            await first.StopAsync();
        }

        await using var second = await ServiceHost.StartAsync(database, clock, TimeSpan.FromHours(1));

        var user = await Problem.JsonAsync(await second.BasicAdmin.GetAsync($"/api/v1/users/{login}"));
        Assert.Equal("Survivor Renamed", user.GetProperty("name").GetString());
        Assert.Equal(2, user.GetProperty("tokenCount").GetInt32());

        var liveAfter = await Problem.JsonAsync(await second.Admin.GetAsync($"/api/v1/access-tokens/{liveId}"));
        Assert.NotNull(lastUsedBefore);
        Assert.Equal(lastUsedBefore, liveAfter.GetProperty("lastUsedAt").GetString());
        var revokedAfter = await Problem.JsonAsync(await second.Admin.GetAsync($"/api/v1/access-tokens/{revokedId}"));
        Assert.Equal("revoked", revokedAfter.GetProperty("status").GetString());
        Assert.Equal(revokedAtBefore, revokedAfter.GetProperty("revokedAt").GetString());

        var revokedList = await Problem.JsonAsync(await second.Admin.GetAsync($"/api/v1/access-tokens?user={login}&status=revoked"));
        Assert.Equal(revokedId, Assert.Single(revokedList.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());

        using var liveClient = second.WithBearer(liveValue);
        using var revokedClient = second.WithBearer(revokedValue);
        using var basic = second.NewClient();
        basic.DefaultRequestHeaders.Authorization = ServiceHost.Basic(login, "survivor-pass");
        Assert.Equal(HttpStatusCode.OK, (await liveClient.GetAsync("/api/v1/auth/check?resource=requests")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await revokedClient.GetAsync("/api/v1/auth/check?resource=requests")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await basic.GetAsync("/api/v1/auth/check?resource=requests")).StatusCode);
        basic.DefaultRequestHeaders.Authorization = ServiceHost.Basic(login, "not-the-survivor-pass");
        Assert.Equal(HttpStatusCode.Unauthorized, (await basic.GetAsync("/api/v1/auth/check?resource=requests")).StatusCode);
    }

    [Fact]
    public async Task The_last_active_administrator_cannot_be_disabled_or_demoted()
    {
        await using var host = await ServiceHost.StartAsync(directory.File("last-admin.db"));
        await Problem.AssertAsync(await host.Admin.PatchAsJsonAsync("/api/v1/users/admin", new { active = false }), HttpStatusCode.Conflict);
        await Problem.AssertAsync(await host.Admin.PatchAsJsonAsync("/api/v1/users/admin", new { profile = "User" }), HttpStatusCode.Conflict);
        Assert.True((await Problem.JsonAsync(await host.Admin.GetAsync("/api/v1/users/admin"))).GetProperty("active").GetBoolean());

        var second = Names.Login();
        await host.Admin.PostAsJsonAsync("/api/v1/users", new { login = second, name = "Second", profile = "Administrator" });
        Assert.Equal(HttpStatusCode.OK, (await host.Admin.PatchAsJsonAsync("/api/v1/users/admin", new { profile = "User" })).StatusCode);
        await Problem.AssertAsync(await host.BasicAdmin.GetAsync("/api/v1/users"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_store_from_before_profiles_and_resources_were_data_upgrades_without_losing_a_user_or_a_token()
    {
        var database = directory.File("upgrade.db");
        string login, value, id;
        await using (var first = await ServiceHost.StartAsync(database))
        {
            login = Names.Login();
            await first.Admin.PostAsJsonAsync("/api/v1/users", new { login, name = "Before", profile = "User", password = "before-pass" });
            var token = await Problem.JsonAsync(await first.Admin.PostAsJsonAsync("/api/v1/access-tokens", new { name = "old", user = login, resources = new[] { "requests" } }));
            (value, id) = (token.GetProperty("token").GetString()!, token.GetProperty("id").GetString()!);
            await first.StopAsync();
        }

        // What the store held before: no profile or resource catalogue, logins without profiles, summaries without resources.
        await StoredState.RewindToBeforeProfilesAsync(StoreTarget.Sqlite(database));

        await using var second = await ServiceHost.StartAsync(database, prepare: false);
        Assert.Equal(HttpStatusCode.OK, (await second.Admin.GetAsync("/api/v1/users")).StatusCode);
        using (var consumer = second.WithBearer(value))
        {
            Assert.Equal(HttpStatusCode.OK, (await consumer.GetAsync("/api/v1/auth/check?resource=requests")).StatusCode);
        }

        var user = await Problem.JsonAsync(await second.Admin.GetAsync($"/api/v1/users/{login}"));
        Assert.Equal("User", user.GetProperty("profile").GetString());
        var profile = await Problem.JsonAsync(await second.Admin.GetAsync("/api/v1/profiles/User"));
        Assert.Equal(["requests"], profile.GetProperty("resources").EnumerateArray().Select(g => g.GetProperty("resource").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await second.Admin.GetAsync("/api/v1/resources/requests")).StatusCode);
        await Problem.AssertAsync(await second.Admin.DeleteAsync("/api/v1/resources/requests"), HttpStatusCode.Conflict);
        Assert.Equal("active", (await Problem.JsonAsync(await second.Admin.GetAsync($"/api/v1/access-tokens/{id}"))).GetProperty("status").GetString());

        // The profile is data now: narrowing it reaches the old token too.
        await second.Admin.PatchAsJsonAsync("/api/v1/profiles/User", new { resources = Array.Empty<object>() });
        using var narrowed = second.WithBearer(value);
        Assert.Equal(HttpStatusCode.Forbidden, (await narrowed.GetAsync("/api/v1/auth/check?resource=requests")).StatusCode);
    }

    [Fact]
    public async Task Bootstrap_creates_the_administrator_once()
    {
        var database = directory.File("bootstrap.db");
        await using (var first = await ServiceHost.StartAsync(database))
        {
            Assert.True(first.Logs.Contains("created administrator 'admin' with the configured password"));
            await first.StopAsync();
        }

        await using var second = await ServiceHost.StartAsync(database);
        Assert.False(second.Logs.Contains("created administrator"));
        var users = await Problem.JsonAsync(await second.Admin.GetAsync("/api/v1/users"));
        Assert.Equal(1, users.GetProperty("items").EnumerateArray().Count(u => u.GetProperty("login").GetString() == "admin"));
    }

    public void Dispose() => directory.Dispose();
}
