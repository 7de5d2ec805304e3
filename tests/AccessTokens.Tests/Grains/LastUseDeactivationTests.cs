using AccessTokens.Catalog;
using AccessTokens.Tests.Infrastructure;
using AccessTokens.Tokens;

namespace AccessTokens.Tests.Grains;

public abstract class LastUseDeactivationTests(GrainClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Cluster.GrainFactory;

    [Fact]
    public async Task Date_of_last_use_is_written_on_deactivation_and_not_before()
    {
        var user = await GrainScenario.UserAsync(Grains);
        var (id, value) = await GrainScenario.TokenAsync(user);
        var created = await StoredState.VersionAsync(fixture.Store, id);
        fixture.Clock.Advance(TimeSpan.FromMinutes(3));
        var usedAt = fixture.Clock.GetUtcNow();

        await GrainScenario.CheckAsync(Grains, value);
        Assert.Equal(created, await StoredState.VersionAsync(fixture.Store, id));

        await fixture.DeactivateAllAsync();
        await Eventually.HoldsAsync(
            async () => await StoredState.VersionAsync(fixture.Store, id) == created + 1,
            TimeSpan.FromSeconds(10),
            "deactivation writes the date of last use");

        Assert.Equal(usedAt, (await Grains.GetGrain<IAccessTokenGrain>(id).GetAsync())!.LastUsedAt);
    }

    [Fact]
    public async Task Listing_activates_only_the_tokens_of_the_page()
    {
        var user = await GrainScenario.UserAsync(Grains);
        var ids = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            ids.Add((await GrainScenario.TokenAsync(user)).Id);
        }

        await fixture.DeactivateAllAsync();
        await Eventually.HoldsAsync(async () => await ActiveTokenGrainsAsync() == 0, TimeSpan.FromSeconds(10), "idle tokens deactivate");

        var login = (await user.GetAsync())!.Login;
        var page = await Grains.GetGrain<ICatalogQueryGrain>(0).ListTokensAsync(new TokenQuery(login, null, null, null, 3));

        Assert.Equal(3, page.Items.Count);
        Assert.NotNull(page.Next);
        Assert.Equal(3, await ActiveTokenGrainsAsync());
    }

    private async Task<int> ActiveTokenGrainsAsync()
    {
        var statistics = await fixture.Management.GetSimpleGrainStatistics();
        return statistics.Where(s => s.GrainType.Contains("AccessTokenGrain", StringComparison.Ordinal)).Sum(s => s.ActivationCount);
    }
}

[CollectionDefinition(Name)]
public sealed class SlowFlushSqliteCollection : ICollectionFixture<SlowFlushCluster>
{
    public const string Name = "grains on sqlite, SlowFlush";
}

[CollectionDefinition(Name)]
public sealed class SlowFlushPostgresCollection : ICollectionFixture<SlowFlushPostgresCluster>
{
    public const string Name = "grains on postgresql, SlowFlush";
}

[Collection(SlowFlushSqliteCollection.Name)]
[Trait(Tier.Name, Tier.Fast)]
public sealed class LastUseDeactivationOnSqliteTests(SlowFlushCluster fixture) : LastUseDeactivationTests(fixture);

[Collection(SlowFlushPostgresCollection.Name)]
public sealed class LastUseDeactivationOnPostgresTests(SlowFlushPostgresCluster fixture) : LastUseDeactivationTests(fixture);
