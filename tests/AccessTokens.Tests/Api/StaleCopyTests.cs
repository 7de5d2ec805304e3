using System.Net;
using System.Text.Json.Nodes;
using AccessTokens.Tests.Infrastructure;

namespace AccessTokens.Tests.Api;

/// <summary>
/// A token activation whose copy of its record is a version behind the store, as a second activation, or a write whose
/// answer was lost, leaves it: its writes read the stored record, apply their change to it again and succeed, the first time.
/// </summary>
public sealed class StaleCopyTests : IAsyncLifetime
{
    private readonly TempDirectory directory = new();
    private ServiceHost host = null!;

    public async Task InitializeAsync() =>
        host = await ServiceHost.StartAsync(directory.File("stale.db"), lastUseFlushInterval: TimeSpan.FromMilliseconds(200));

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        directory.Dispose();
    }

    [Fact]
    public async Task A_stale_copy_stores_its_date_of_last_use_keeping_the_later_one_and_its_next_revoke_answers_204()
    {
        var (id, value) = await TokenAsync();
        using var consumer = host.WithBearer(value);
        Assert.Equal(HttpStatusCode.OK, (await consumer.GetAsync("/api/v1/auth/check?resource=requests")).StatusCode);
        await Eventually.HoldsAsync(async () => LastUsedAt(await StoredState.PayloadAsync(host.Store, id)) is not null, TimeSpan.FromSeconds(10), "the first use is stored");

        // Another copy stores a later use behind this activation's back.
        var later = DateTimeOffset.UtcNow.AddMinutes(5);
        await StoredState.WriteBehindAsync(host.Store, id, payload => With(payload, "lastUsedAt", later.ToString("O")));

        // This copy's next use is written over the newer record, keeping the later date, and keeps being written.
        Assert.Equal(HttpStatusCode.OK, (await consumer.GetAsync("/api/v1/auth/check?resource=requests")).StatusCode);
        await Eventually.HoldsAsync(async () => host.Logs.Contains($"Token {id} met a newer stored record"), TimeSpan.FromSeconds(10), "the write met the newer record");
        var version = await StoredState.VersionAsync(host.Store, id);
        Assert.Equal(HttpStatusCode.OK, (await consumer.GetAsync("/api/v1/auth/check?resource=requests")).StatusCode);
        await Eventually.HoldsAsync(async () => await StoredState.VersionAsync(host.Store, id) > version, TimeSpan.FromSeconds(10), "later uses are written again");
        Assert.Equal(later, LastUsedAt(await StoredState.PayloadAsync(host.Store, id)));

        await StoredState.WriteBehindAsync(host.Store, id, payload => payload);
        Assert.Equal(HttpStatusCode.NoContent, (await host.Admin.DeleteAsync($"/api/v1/access-tokens/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await consumer.GetAsync("/api/v1/auth/check?resource=requests")).StatusCode);
        var stored = JsonNode.Parse((await StoredState.PayloadAsync(host.Store, id))!)!;
        Assert.Equal("admin", stored["revokedBy"]!.GetValue<string>());
        Assert.Equal(later, LastUsedAt(stored.ToJsonString()));
        Assert.DoesNotContain(host.Logs.Entries, CapturedLogs.IsError);
    }

    [Fact]
    public async Task A_stale_copy_learns_a_revocation_stored_by_another_when_it_writes_and_refuses_at_once()
    {
        var (id, value) = await TokenAsync();
        using var consumer = host.WithBearer(value);
        Assert.Equal(HttpStatusCode.OK, (await consumer.GetAsync("/api/v1/auth/check?resource=requests")).StatusCode);
        await Eventually.HoldsAsync(async () => LastUsedAt(await StoredState.PayloadAsync(host.Store, id)) is not null, TimeSpan.FromSeconds(10), "the first use is stored");

        await StoredState.WriteBehindAsync(host.Store, id, payload => With(With(payload, "revokedAt", DateTimeOffset.UtcNow.ToString("O")), "revokedBy", "elsewhere"));
        Assert.Equal(HttpStatusCode.OK, (await consumer.GetAsync("/api/v1/auth/check?resource=requests")).StatusCode);

        await Eventually.HoldsAsync(
            async () => (await consumer.GetAsync("/api/v1/auth/check?resource=requests")).StatusCode == HttpStatusCode.Unauthorized,
            TimeSpan.FromSeconds(10),
            "the copy learns the stored revocation at its next write");
        var again = await host.Admin.DeleteAsync($"/api/v1/access-tokens/{id}");
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        Assert.Equal("elsewhere", JsonNode.Parse((await StoredState.PayloadAsync(host.Store, id))!)!["revokedBy"]!.GetValue<string>());
    }

    [Fact]
    public async Task Any_other_stale_copy_is_refused_once_and_its_next_call_reads_the_stored_record()
    {
        var login = Names.Login();
        Assert.Equal(HttpStatusCode.Created, (await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(host.Admin, "/api/v1/users", new { login, name = "Before" })).StatusCode);
        await StoredState.WriteBehindAsync(host.Store, login, payload => With(payload, "name", "Written elsewhere"));

        var refused = await System.Net.Http.Json.HttpClientJsonExtensions.PatchAsJsonAsync(host.Admin, $"/api/v1/users/{login}", new { active = false });
        await Problem.AssertAsync(refused, HttpStatusCode.ServiceUnavailable);

        var read = await Problem.JsonAsync(await host.Admin.GetAsync($"/api/v1/users/{login}"));
        Assert.Equal("Written elsewhere", read.GetProperty("name").GetString());
        Assert.True(read.GetProperty("active").GetBoolean());
        var changed = await System.Net.Http.Json.HttpClientJsonExtensions.PatchAsJsonAsync(host.Admin, $"/api/v1/users/{login}", new { active = false });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("Written elsewhere", (await Problem.JsonAsync(changed)).GetProperty("name").GetString());
    }

    private async Task<(string Id, string Value)> TokenAsync()
    {
        var login = Names.Login();
        Assert.Equal(HttpStatusCode.Created, (await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(host.Admin, "/api/v1/users", new { login, name = "Stale" })).StatusCode);
        var created = await Problem.JsonAsync(await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(
            host.Admin, "/api/v1/access-tokens", new { name = "stale copy", user = login, resources = new[] { "requests" } }));
        return (created.GetProperty("id").GetString()!, created.GetProperty("token").GetString()!);
    }

    private static string With(string payload, string field, string value)
    {
        var json = JsonNode.Parse(payload)!.AsObject();
        json[field] = value;
        return json.ToJsonString();
    }

    private static DateTimeOffset? LastUsedAt(string? payload) =>
        JsonNode.Parse(payload!)!["lastUsedAt"]?.GetValue<DateTimeOffset>();
}
