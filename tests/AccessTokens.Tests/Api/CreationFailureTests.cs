using System.Net;
using System.Net.Http.Json;
using AccessTokens.Tests.Infrastructure;

namespace AccessTokens.Tests.Api;

/// <summary>
/// A token creation that fails at any step after its first write leaves nothing behind: no record, no index entry, no
/// id in its user's list, and no value returned; the next creation then succeeds as if nothing had happened.
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

    public static TheoryData<string, string, bool> Steps() => new()
    {
        { "the token record", "token", false },
        { "the token record, committed but its answer lost", "token", true },
        { "the token index", "catalog", false },
        { "the token index, committed but its answer lost", "catalog", true },
        { "the token list of the user", "user", false },
        { "the token list of the user, committed but its answer lost", "user", true },
        { "the audit trail", "audit", false },
    };

    [Theory]
    [MemberData(nameof(Steps))]
    public async Task A_failure_at_any_step_of_a_creation_leaves_no_record_no_index_entry_and_no_value(string step, string state, bool afterCommit)
    {
        var user = Names.Login();
        Assert.Equal(HttpStatusCode.Created, (await host.Admin.PostAsJsonAsync("/api/v1/users", new { login = user, name = "Faulted" })).StatusCode);
        var name = "failed at " + step;

        faults.FailNext("write", state, afterCommit);
        var failed = await host.Admin.PostAsJsonAsync("/api/v1/access-tokens", new { name, user, resources = new[] { "requests" } });

        Assert.Equal(1, faults.Injected);
        var body = await Problem.AssertAsync(failed, HttpStatusCode.ServiceUnavailable);
        Assert.False(body.TryGetProperty("token", out _), "a value was returned");
        Assert.Empty((await Problem.JsonAsync(await host.Admin.GetAsync($"/api/v1/access-tokens?user={user}"))).GetProperty("items").EnumerateArray());
        Assert.Equal(0, (await Problem.JsonAsync(await host.Admin.GetAsync($"/api/v1/users/{user}"))).GetProperty("tokenCount").GetInt32());
        Assert.DoesNotContain(name, await StoredState.PayloadsOfAsync(host.Store, "token"), StringComparison.Ordinal);
        Assert.DoesNotContain(name, await StoredState.PayloadsOfAsync(host.Store, "catalog"), StringComparison.Ordinal);

        // Nothing is left stuck either: the same creation now succeeds, and is stored and indexed.
        var retried = await host.Admin.PostAsJsonAsync("/api/v1/access-tokens", new { name = name + " again", user, resources = new[] { "requests" } });
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        Assert.Single((await Problem.JsonAsync(await host.Admin.GetAsync($"/api/v1/access-tokens?user={user}"))).GetProperty("items").EnumerateArray());
        Assert.Equal(1, (await Problem.JsonAsync(await host.Admin.GetAsync($"/api/v1/users/{user}"))).GetProperty("tokenCount").GetInt32());
        Assert.Contains(name + " again", await StoredState.PayloadsOfAsync(host.Store, "token"), StringComparison.Ordinal);
        Assert.Contains(name + " again", await StoredState.PayloadsOfAsync(host.Store, "catalog"), StringComparison.Ordinal);
        Assert.Contains(user, await StoredState.PayloadsOfAsync(host.Store, "user"), StringComparison.Ordinal);
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
