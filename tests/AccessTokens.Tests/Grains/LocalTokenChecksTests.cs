using AccessTokens.Tests.Infrastructure;
using AccessTokens.Tokens;
using AccessTokens.Users;
using Microsoft.Extensions.DependencyInjection;

namespace AccessTokens.Tests.Grains;

/// <summary>Checks answered in the silo from the active token grain's published state, without a grain call.</summary>
public abstract class LocalTokenChecksTests(GrainClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Cluster.GrainFactory;

    private ILocalTokenChecks Local => fixture.SiloServices.GetRequiredService<ILocalTokenChecks>();

    [Fact]
    public async Task A_local_check_answers_like_the_grain_and_sees_a_revocation_at_once()
    {
        var user = await GrainScenario.UserAsync(Grains);
        var (id, value) = await GrainScenario.TokenAsync(user, ["requests", "assets"]);

        Assert.Equal(CheckOutcome.Allowed, LocalCheck(value, "requests"));
        Assert.Equal(CheckOutcome.ResourceNotGranted, LocalCheck(value, "admin"));
        Assert.True(Local.TryCheck(id, new CheckRequest(TokenValue.HashSecret(new string('x', TokenValue.SecretLength)), "requests"), out var wrong));
        Assert.Equal(CheckOutcome.WrongSecret, wrong.Outcome);

        await Grains.GetGrain<IAccessTokenGrain>(id).RevokeAsync(GrainScenario.Admin("admin"));

        Assert.Equal(CheckOutcome.Revoked, LocalCheck(value, "requests"));
    }

    [Fact]
    public async Task A_local_check_sees_the_user_disabled_at_once_and_the_token_expired_at_midnight()
    {
        var user = await GrainScenario.UserAsync(Grains);
        var (_, value) = await GrainScenario.TokenAsync(user, expiresInDays: 1);
        Assert.Equal(CheckOutcome.Allowed, LocalCheck(value, "requests"));

        Assert.Null((await user.UpdateAsync(new UserChanges(null, null, false, null), GrainScenario.Admin())).Failure);
        Assert.Equal(CheckOutcome.UserDisabled, LocalCheck(value, "requests"));

        Assert.Null((await user.UpdateAsync(new UserChanges(null, null, true, null), GrainScenario.Admin())).Failure);
        Assert.Equal(CheckOutcome.Allowed, LocalCheck(value, "requests"));
        fixture.Clock.Advance(TimeSpan.FromDays(3));
        Assert.Equal(CheckOutcome.Expired, LocalCheck(value, "requests"));
    }

    [Fact]
    public async Task A_local_check_records_the_exact_date_of_last_use_and_writes_it_within_the_interval()
    {
        var user = await GrainScenario.UserAsync(Grains);
        var (id, value) = await GrainScenario.TokenAsync(user);
        var created = await StoredState.VersionAsync(fixture.Store, id);
        fixture.Clock.Advance(TimeSpan.FromSeconds(42.5));
        var usedAt = fixture.Clock.GetUtcNow();

        Assert.Equal(CheckOutcome.Allowed, LocalCheck(value, "requests"));

        Assert.Equal(usedAt, (await Grains.GetGrain<IAccessTokenGrain>(id).GetAsync())!.LastUsedAt);
        await Eventually.HoldsAsync(
            async () => await StoredState.VersionAsync(fixture.Store, id) > created,
            TimeSpan.FromSeconds(10),
            "the flusher writes the date of last use of a local check");
    }

    [Fact]
    public async Task Only_active_tokens_are_checked_locally()
    {
        var user = await GrainScenario.UserAsync(Grains);
        var (id, value) = await GrainScenario.TokenAsync(user);
        Assert.True(TokenValue.TryParse(value, "smat", out _, out var hash));
        Assert.True(Local.TryCheck(id, new CheckRequest(hash, "requests"), out _));
        Assert.NotNull(Local.Find(id)); // an active stored token's id is known to be issued
        Assert.Null(Local.Find(TokenValue.Generate("smat").Id)); // an id no token has is not

        await fixture.DeactivateAllAsync();
        await Eventually.HoldsAsync(
            () => Task.FromResult(!Local.TryCheck(id, new CheckRequest(hash, "requests"), out _) && Local.Find(id) is null),
            TimeSpan.FromSeconds(10),
            "a deactivated token leaves the local checks");

        Assert.Equal(CheckOutcome.Allowed, await GrainScenario.CheckAsync(Grains, value));
        Assert.Equal(CheckOutcome.Allowed, LocalCheck(value, "requests"));
    }

    private CheckOutcome LocalCheck(string value, string resource)
    {
        Assert.True(TokenValue.TryParse(value, "smat", out var id, out var hash));
        Assert.True(Local.TryCheck(id, new CheckRequest(hash, resource), out var result), "the token is active in the silo");
        return result.Outcome;
    }
}

[Collection(FastFlushSqliteCollection.Name)]
[Trait(Tier.Name, Tier.Fast)]
public sealed class LocalTokenChecksOnSqliteTests(FastFlushCluster fixture) : LocalTokenChecksTests(fixture);

[Collection(FastFlushPostgresCollection.Name)]
public sealed class LocalTokenChecksOnPostgresTests(FastFlushPostgresCluster fixture) : LocalTokenChecksTests(fixture);
