using System.Net;
using AccessTokens.Tests.Infrastructure;

namespace AccessTokens.Tests.Cluster;

/// <summary>Three silo processes on one PostgreSQL database, started together against an empty schema.</summary>
public sealed class ThreeSiloCluster : IAsyncLifetime
{
    /// <summary>The database.</summary>
    public StoreTarget Store { get; private set; } = null!;

    /// <summary>The cluster id.</summary>
    public string ClusterId { get; } = "cluster-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>The silos A, B and C.</summary>
    public IReadOnlyList<SiloProcess> Silos { get; private set; } = [];

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Store = await (await PostgresServer.Shared).CreateDatabaseAsync();
        Silos = await Task.WhenAll(new[] { "A", "B", "C" }.Select(name => SiloProcess.StartSiloAsync(name, Store, ClusterId)));
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        foreach (var silo in Silos)
        {
            await silo.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ThreeSiloCollection : ICollectionFixture<ThreeSiloCluster>
{
    public const string Name = "three silos on postgresql";
}

[Collection(ThreeSiloCollection.Name)]
public sealed class MultiSiloTests(ThreeSiloCluster cluster)
{
    private SiloProcess A => cluster.Silos[0];

    private SiloProcess B => cluster.Silos[1];

    private SiloProcess C => cluster.Silos[2];

    [Fact]
    public async Task A_token_created_on_one_silo_checks_on_the_others_and_a_revoke_anywhere_is_seen_at_once()
    {
        var user = await ClusterApi.CreateUserAsync(A);
        var tokens = new List<(string Id, string Value)>();
        for (var i = 0; i < 10; i++)
        {
            tokens.Add(await ClusterApi.CreateTokenAsync(A, user));
        }

        foreach (var (_, value) in tokens)
        {
            Assert.Equal(HttpStatusCode.OK, await ClusterApi.CheckAsync(B, value));
            Assert.Equal(HttpStatusCode.OK, await ClusterApi.CheckAsync(C, value));
        }

        foreach (var (id, value) in tokens)
        {
            Assert.Equal(HttpStatusCode.NoContent, (await C.Admin.DeleteAsync($"/api/v1/access-tokens/{id}")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, await ClusterApi.CheckAsync(A, value));
            Assert.Equal(HttpStatusCode.Unauthorized, await ClusterApi.CheckAsync(B, value));
        }
    }

    [Fact]
    public async Task Concurrent_checks_through_three_silos_against_a_rate_limit_and_a_quota_admit_exactly_the_limit()
    {
        var user = await ClusterApi.CreateUserAsync(A);
        var limited = await ClusterApi.CreateTokenAsync(A, user, new { rateLimit = new { requests = 40, per = "01:00:00" } });
        var quota = await ClusterApi.CreateTokenAsync(B, user, new { quota = new { uses = 30, refill = "monthly" } });

        async Task<HttpStatusCode[]> SprayAsync(string token) => await Task.WhenAll(
            Enumerable.Range(0, 150).Select(i => ClusterApi.CheckAsync(cluster.Silos[i % 3], token)));

        var rated = await SprayAsync(limited.Value);
        var counted = await SprayAsync(quota.Value);

        Assert.Equal(40, rated.Count(status => status == HttpStatusCode.OK));
        Assert.Equal(110, rated.Count(status => status == HttpStatusCode.TooManyRequests));
        Assert.Equal(30, counted.Count(status => status == HttpStatusCode.OK));
        Assert.Equal(120, counted.Count(status => status == HttpStatusCode.TooManyRequests));
        foreach (var silo in cluster.Silos)
        {
            Assert.Equal(0, (await ClusterApi.GetTokenAsync(silo, quota.Id)).GetProperty("remainingUses").GetInt64());
        }
    }

    [Fact]
    public async Task Users_and_lists_are_the_same_through_every_silo()
    {
        var user = await ClusterApi.CreateUserAsync(B);
        await ClusterApi.CreateTokenAsync(C, user);
        await ClusterApi.CreateTokenAsync(A, user);

        foreach (var silo in cluster.Silos)
        {
            var page = await Problem.JsonAsync(await silo.Admin.GetAsync($"/api/v1/access-tokens?user={user}"));
            Assert.Equal(2, page.GetProperty("items").GetArrayLength());
            var read = await Problem.JsonAsync(await silo.Admin.GetAsync($"/api/v1/users/{user}"));
            Assert.Equal(2, read.GetProperty("tokenCount").GetInt32());
        }
    }

    [Fact]
    public async Task Disabling_a_user_on_one_silo_fails_its_tokens_on_every_silo()
    {
        var user = await ClusterApi.CreateUserAsync(A);
        var tokens = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            tokens.Add((await ClusterApi.CreateTokenAsync(B, user)).Value);
        }

        await C.Admin.PatchAsync($"/api/v1/users/{user}", System.Net.Http.Json.JsonContent.Create(new { active = false }));

        foreach (var token in tokens)
        {
            foreach (var silo in cluster.Silos)
            {
                Assert.Equal(HttpStatusCode.Unauthorized, await ClusterApi.CheckAsync(silo, token));
            }
        }
    }

    [Fact]
    public async Task Narrowing_a_profile_on_one_silo_refuses_its_tokens_on_every_silo()
    {
        var profile = "Cluster" + Guid.NewGuid().ToString("N")[..8];
        await TestCatalogue.EnsureAsync(A.Admin);
        var created = await A.Admin.PostAsync("/api/v1/profiles", System.Net.Http.Json.JsonContent.Create(
            new { name = profile, resources = new[] { new { resource = "requests", access = "readwrite" } } }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var users = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var login = Names.Login();
            await cluster.Silos[i].Admin.PostAsync("/api/v1/users", System.Net.Http.Json.JsonContent.Create(new { login, name = "Cluster " + login, profile }));
            users.Add(login);
        }

        var tokens = new List<string>();
        foreach (var user in users)
        {
            tokens.Add((await ClusterApi.CreateTokenAsync(B, user)).Value);
            tokens.Add((await ClusterApi.CreateTokenAsync(C, user)).Value);
        }

        foreach (var token in tokens)
        {
            Assert.Equal(HttpStatusCode.OK, await ClusterApi.CheckAsync(A, token));
        }

        var narrowed = await C.Admin.PatchAsync($"/api/v1/profiles/{profile}",
            System.Net.Http.Json.JsonContent.Create(new { resources = new[] { new { resource = "requests", access = "write" } } }));
        Assert.Equal(HttpStatusCode.OK, narrowed.StatusCode);
        foreach (var token in tokens)
        {
            foreach (var silo in cluster.Silos)
            {
                Assert.Equal(HttpStatusCode.Forbidden, await ClusterApi.CheckAsync(silo, token));
            }
        }
    }

    [Fact]
    public async Task A_separate_front_end_finds_the_cluster_through_the_membership_table()
    {
        await using var frontEnd = await SiloProcess.StartFrontEndAsync("front end", cluster.Store, cluster.ClusterId);
        var user = await ClusterApi.CreateUserAsync(frontEnd);
        var (id, value) = await ClusterApi.CreateTokenAsync(frontEnd, user);

        Assert.Equal(HttpStatusCode.OK, await ClusterApi.CheckAsync(frontEnd, value));
        Assert.Equal(HttpStatusCode.OK, await ClusterApi.CheckAsync(B, value));
        Assert.Equal(HttpStatusCode.NoContent, (await A.Admin.DeleteAsync($"/api/v1/access-tokens/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await ClusterApi.CheckAsync(frontEnd, value));
    }

    [Fact]
    public async Task Every_silo_reports_ready()
    {
        foreach (var silo in cluster.Silos)
        {
            Assert.Equal(HttpStatusCode.OK, (await silo.Anonymous.GetAsync("/health/ready")).StatusCode);
        }
    }
}
