using System.Net;
using System.Net.Http.Json;
using AccessTokens.Tests.Infrastructure;

namespace AccessTokens.Tests.Api;

/// <summary>
/// A token creation that fails at any step after its first write leaves nothing behind: no record, no index entry, no
/// id in its user's list, and no value returned; a write whose answer was lost after the store committed it is read back
/// and counts as done, so the answer always says what the store holds. Either way the next creation succeeds. A change
/// made whose audit entry the trail cannot store at once is answered as made, and its entry is stored once it can be.
/// </summary>
public sealed class CreationFailureTests : IAsyncLifetime
{
    private readonly TempDirectory directory = new();
    private readonly StoreFaults faults = new();
    private ServiceHost host = null!;

    public async Task InitializeAsync() =>
        host = await ServiceHost.StartAsync(directory.File("faults.db"), services: services => faults.Install(services, "store"));

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        directory.Dispose();
    }

    public static TheoryData<string, string> Steps() => new()
    {
        { "the token record", "token" },
        { "the token index", "catalog" },
        { "the token list of the user", "user" },
    };

    [Theory]
    [MemberData(nameof(Steps))]
    public async Task A_failure_at_any_step_of_storing_a_creation_leaves_no_record_no_index_entry_and_no_value(string step, string state)
    {
        var user = await UserAsync();
        var name = "failed at " + step;

        faults.FailNext("write", state);
        var failed = await host.Admin.PostAsJsonAsync("/api/v1/access-tokens", new { name, user, resources = new[] { "requests" } });

        Assert.Equal(1, faults.Injected);
        var body = await Problem.AssertAsync(failed, HttpStatusCode.ServiceUnavailable);
        Assert.False(body.TryGetProperty("token", out _), "a value was returned");
        await AssertTokensAsync(user, 0);
        Assert.DoesNotContain(name, await StoredState.PayloadsOfAsync(host.Store, "token"), StringComparison.Ordinal);
        Assert.DoesNotContain(name, await StoredState.PayloadsOfAsync(host.Store, "catalog"), StringComparison.Ordinal);

        // Nothing is left stuck either: the same creation now succeeds, and is stored and indexed.
        _ = await CreateAndCheckAsync(user, name + " again");
        await AssertTokensAsync(user, 1);
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public async Task A_write_committed_but_whose_answer_was_lost_is_read_back_and_the_creation_stands(string step, string state)
    {
        var user = await UserAsync();
        var name = "answer lost at " + step;

        faults.FailNext("write", state, afterCommit: true);
        var (id, value) = await CreateAndCheckAsync(user, name);

        Assert.Equal(1, faults.Injected);
        await AssertTokensAsync(user, 1);

        // No activation is left a version behind: the token's, the user's and the index's next writes succeed at once.
        Assert.Equal(HttpStatusCode.NoContent, (await host.Admin.DeleteAsync($"/api/v1/access-tokens/{id}")).StatusCode);
        using var consumer = host.WithBearer(value);
        Assert.Equal(HttpStatusCode.Unauthorized, (await consumer.GetAsync("/api/v1/auth/check?resource=requests")).StatusCode);
        Assert.Contains("\"revokedBy\":\"admin\"", await StoredState.PayloadAsync(host.Store, id), StringComparison.Ordinal);
        _ = await CreateAndCheckAsync(user, name + " and after");
        await AssertTokensAsync(user, 2);
    }

    [Fact]
    public async Task A_change_whose_audit_entry_cannot_be_stored_at_once_is_answered_as_made_and_its_entry_is_stored_after()
    {
        var user = await UserAsync();

        faults.FailNext("write", "audit");
        var (id, value) = await CreateAndCheckAsync(user, "audited after its creation");
        Assert.Equal(1, faults.Injected);
        await AssertTokensAsync(user, 1);
        await AwaitEntryAsync("token.create", id);

        faults.FailNext("write", "audit");
        Assert.Equal(HttpStatusCode.NoContent, (await host.Admin.DeleteAsync($"/api/v1/access-tokens/{id}")).StatusCode);
        Assert.Equal(2, faults.Injected);
        using var consumer = host.WithBearer(value);
        Assert.Equal(HttpStatusCode.Unauthorized, (await consumer.GetAsync("/api/v1/auth/check?resource=requests")).StatusCode);
        await AwaitEntryAsync("token.revoke", id);
    }

    private async Task AwaitEntryAsync(string action, string target) =>
        await Eventually.HoldsAsync(
            async () =>
            {
                var page = await Problem.JsonAsync(await host.Admin.GetAsync($"/api/v1/audit?target={target}"));
                return page.GetProperty("items").EnumerateArray().Any(entry =>
                    entry.GetProperty("action").GetString() == action && entry.GetProperty("outcome").GetString() == "success");
            },
            TimeSpan.FromSeconds(30),
            $"the {action} entry of {target} is stored once the trail takes it");

    private async Task<string> UserAsync()
    {
        var user = Names.Login();
        Assert.Equal(HttpStatusCode.Created, (await host.Admin.PostAsJsonAsync("/api/v1/users", new { login = user, name = "Faulted" })).StatusCode);
        return user;
    }

    private async Task<(string Id, string Value)> CreateAndCheckAsync(string user, string name)
    {
        var created = await host.Admin.PostAsJsonAsync("/api/v1/access-tokens", new { name, user, resources = new[] { "requests" } });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var body = await Problem.JsonAsync(created);
        var value = body.GetProperty("token").GetString()!;
        using var consumer = host.WithBearer(value);
        Assert.Equal(HttpStatusCode.OK, (await consumer.GetAsync("/api/v1/auth/check?resource=requests")).StatusCode);
        Assert.Contains(name, await StoredState.PayloadsOfAsync(host.Store, "token"), StringComparison.Ordinal);
        Assert.Contains(name, await StoredState.PayloadsOfAsync(host.Store, "catalog"), StringComparison.Ordinal);
        return (body.GetProperty("id").GetString()!, value);
    }

    private async Task AssertTokensAsync(string user, int count)
    {
        Assert.Equal(count, (await Problem.JsonAsync(await host.Admin.GetAsync($"/api/v1/access-tokens?user={user}"))).GetProperty("items").GetArrayLength());
        Assert.Equal(count, (await Problem.JsonAsync(await host.Admin.GetAsync($"/api/v1/users/{user}"))).GetProperty("tokenCount").GetInt32());
    }

    [Fact]
    public async Task A_date_the_calendar_cannot_end_is_refused_and_writes_nothing()
    {
        var user = Names.Login();
        Assert.Equal(HttpStatusCode.Created, (await host.Admin.PostAsJsonAsync("/api/v1/users", new { login = user, name = "Far future" })).StatusCode);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        foreach (var date in new[] { "9999-12-31", today.AddDays(3651).ToString("yyyy-MM-dd") })
        {
            var refused = await host.Admin.PostAsJsonAsync("/api/v1/access-tokens", new { name = "far " + date, user, resources = new[] { "requests" }, expiryDate = date });
            await Problem.AssertAsync(refused, HttpStatusCode.BadRequest, "expiryDate");
            Assert.DoesNotContain("far " + date, await StoredState.PayloadsOfAsync(host.Store, "token"), StringComparison.Ordinal);
        }

        var furthest = today.AddDays(3650).ToString("yyyy-MM-dd");
        var created = await host.Admin.PostAsJsonAsync("/api/v1/access-tokens", new { name = "furthest", user, resources = new[] { "requests" }, expiryDate = furthest });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(furthest, (await Problem.JsonAsync(created)).GetProperty("expiryDate").GetString());
    }
}
