using System.Net;
using System.Net.Http.Json;
using AccessTokens.Tests.Infrastructure;

namespace AccessTokens.Tests.Cluster;

public sealed class StoreOutageTests
{
    [Fact]
    public async Task With_postgresql_down_checks_answer_from_memory_writes_are_refused_and_all_recovers()
    {
        await using var server = await PostgresServer.StartAsync();
        var store = await server.CreateDatabaseAsync();
        await using var silo = await SiloProcess.StartSiloAsync("A", store, "outage-" + Guid.NewGuid().ToString("N")[..8]);
        var user = await ClusterApi.CreateUserAsync(silo);
        var (id, value) = await ClusterApi.CreateTokenAsync(silo, user);
        Assert.Equal(HttpStatusCode.OK, await ClusterApi.CheckAsync(silo, value));

        await server.StopAsync();

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await ClusterApi.CheckAsync(silo, value));
        }

        var newLogin = Names.Login();
        var createUser = await silo.Admin.PostAsJsonAsync("/api/v1/users", new { login = newLogin, name = "During outage" });
        await Problem.AssertAsync(createUser, HttpStatusCode.ServiceUnavailable);
        await Problem.AssertAsync(await silo.Admin.DeleteAsync($"/api/v1/access-tokens/{id}"), HttpStatusCode.ServiceUnavailable);
        var createToken = await silo.Admin.PostAsJsonAsync("/api/v1/access-tokens", new { name = "during outage", user, resources = new[] { "requests" } });
        await Problem.AssertAsync(createToken, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(HttpStatusCode.OK, await ClusterApi.CheckAsync(silo, value));

        // A token whose grain is not in memory needs the store: a clear 503, on the hot path as elsewhere.
        using (var cold = new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/check?resource=requests"))
        {
            cold.Headers.Authorization = new("Bearer", AccessTokens.Tokens.TokenValue.Generate("smat").Value);
            await Problem.AssertAsync(await silo.Anonymous.SendAsync(cold), HttpStatusCode.ServiceUnavailable);
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await silo.Anonymous.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await silo.Anonymous.GetAsync("/health/live")).StatusCode);

        await server.StartAgainAsync();
        await Eventually.HoldsAsync(
            async () => (await silo.Anonymous.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(60),
            "readiness recovers when PostgreSQL returns");

        Assert.Equal(HttpStatusCode.NotFound, (await silo.Admin.GetAsync($"/api/v1/users/{newLogin}")).StatusCode);
        var read = await Problem.JsonAsync(await silo.Admin.GetAsync($"/api/v1/users/{user}"));
        Assert.Equal(1, read.GetProperty("tokenCount").GetInt32());
        Assert.Equal(HttpStatusCode.OK, await ClusterApi.CheckAsync(silo, value));
        Assert.Equal(HttpStatusCode.NoContent, (await silo.Admin.DeleteAsync($"/api/v1/access-tokens/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await ClusterApi.CheckAsync(silo, value));
        await ClusterApi.CreateUserAsync(silo, newLogin);
    }
}
