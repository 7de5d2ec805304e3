using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
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
        var signedId = AccessTokens.Tokens.TokenIdFormat.Mint(await StoredState.TokenIdKeyAsync(store));

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

        // A token whose grain is not in memory needs the store: a clear 503, on the hot path as elsewhere. An id this
        // service never signed is refused without it.
        using (var cold = new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/check?resource=requests"))
        {
            cold.Headers.Authorization = new("Bearer", AccessTokens.Tokens.TokenValue.Generate("smat", signedId).Value);
            await Problem.AssertAsync(await silo.Anonymous.SendAsync(cold), HttpStatusCode.ServiceUnavailable);
        }

        using (var madeUp = new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/check?resource=requests"))
        {
            madeUp.Headers.Authorization = new("Bearer", AccessTokens.Tokens.TokenValue.Generate("smat").Value);
            await Problem.AssertAsync(await silo.Anonymous.SendAsync(madeUp), HttpStatusCode.Unauthorized);
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

    [Fact]
    public async Task With_postgresql_down_a_revoke_or_user_change_through_either_of_two_silos_or_a_front_end_is_a_503_and_changes_nothing()
    {
        await using var server = await PostgresServer.StartAsync();
        var store = await server.CreateDatabaseAsync();
        var clusterId = "outage-" + Guid.NewGuid().ToString("N")[..8];
        await using var a = await SiloProcess.StartSiloAsync("A", store, clusterId);
        await using var b = await SiloProcess.StartSiloAsync("B", store, clusterId);
        await using var frontEnd = await SiloProcess.StartFrontEndAsync("front end", store, clusterId);
        SiloProcess[] silos = [a, b];
        SiloProcess[] apis = [a, b, frontEnd];
        var user = await ClusterApi.CreateUserAsync(a);
        var tokens = new List<(string Id, string Value)>();
        for (var i = 0; i < 6; i++)
        {
            tokens.Add(await ClusterApi.CreateTokenAsync(silos[i % 2], user));
        }

        foreach (var (id, value) in tokens)
        {
            foreach (var api in apis)
            {
                Assert.Equal(HttpStatusCode.OK, await ClusterApi.CheckAsync(api, value));
                Assert.Equal(HttpStatusCode.OK, (await api.Admin.GetAsync($"/api/v1/access-tokens/{id}")).StatusCode);
            }
        }

        await server.StopAsync();

        // Each token's grain lives on one of the two silos, so one of the two silos' revokes reaches it from the
        // other silo, and the front end's always from outside: the store's failure (an Npgsql exception inside
        // Orleans' wrapping) crosses between processes and must still be a 503 that changed nothing.
        foreach (var (id, value) in tokens)
        {
            foreach (var api in apis)
            {
                Assert.Equal(HttpStatusCode.OK, (await api.Admin.GetAsync($"/api/v1/access-tokens/{id}")).StatusCode);
                await Problem.AssertAsync(await api.Admin.DeleteAsync($"/api/v1/access-tokens/{id}"), HttpStatusCode.ServiceUnavailable);
            }

            foreach (var api in apis)
            {
                Assert.Equal(HttpStatusCode.OK, await ClusterApi.CheckAsync(api, value));
                var read = await ClusterApi.GetTokenAsync(api, id);
                Assert.Equal(JsonValueKind.Null, read.GetProperty("revokedAt").ValueKind);
            }
        }

        // The same for the user's grain, which lives on one silo too: disabling the user is refused everywhere.
        foreach (var api in apis)
        {
            await Problem.AssertAsync(await api.Admin.PatchAsJsonAsync($"/api/v1/users/{user}", new { active = false }), HttpStatusCode.ServiceUnavailable);
            Assert.True((await Problem.JsonAsync(await api.Admin.GetAsync($"/api/v1/users/{user}"))).GetProperty("active").GetBoolean());
            Assert.Equal(HttpStatusCode.OK, await ClusterApi.CheckAsync(api, tokens[0].Value));
        }

        await server.StartAgainAsync();
        foreach (var silo in silos)
        {
            await Eventually.HoldsAsync(
                async () => (await silo.Anonymous.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK,
                TimeSpan.FromSeconds(60),
                $"readiness of {silo.Name} recovers when PostgreSQL returns");
        }

        for (var i = 0; i < tokens.Count; i++)
        {
            var (id, value) = tokens[i];
            Assert.Equal(HttpStatusCode.OK, await ClusterApi.CheckAsync(silos[i % 2], value));
            Assert.Equal(HttpStatusCode.NoContent, (await silos[(i + 1) % 2].Admin.DeleteAsync($"/api/v1/access-tokens/{id}")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, await ClusterApi.CheckAsync(silos[i % 2], value));
        }
    }
}
