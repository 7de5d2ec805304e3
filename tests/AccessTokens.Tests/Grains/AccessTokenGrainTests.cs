using AccessTokens.Tokens;
using AccessTokens.Users;
using AccessTokens.Tests.Infrastructure;

namespace AccessTokens.Tests.Grains;

public abstract class AccessTokenGrainTests(GrainClusterFixture fixture)
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById(GrainClusterFixture.TimeZone);

    private IGrainFactory Grains => fixture.Cluster.GrainFactory;

    [Fact]
    public async Task Check_allows_granted_resources_and_refuses_others()
    {
        var user = await GrainScenario.UserAsync(Grains);
        var (_, value) = await GrainScenario.TokenAsync(user, ["requests", "assets"]);

        Assert.Equal(CheckOutcome.Allowed, await GrainScenario.CheckAsync(Grains, value, "requests"));
        Assert.Equal(CheckOutcome.Allowed, await GrainScenario.CheckAsync(Grains, value, "assets"));
        Assert.Equal(CheckOutcome.ResourceNotGranted, await GrainScenario.CheckAsync(Grains, value, "admin"));
    }

    [Fact]
    public async Task Wrong_secret_and_unknown_id_are_refused()
    {
        var user = await GrainScenario.UserAsync(Grains);
        var (id, _) = await GrainScenario.TokenAsync(user);
        var wrongSecret = TokenValue.HashSecret(new string('x', TokenValue.SecretLength));

        var wrong = await Grains.GetGrain<IAccessTokenGrain>(id).CheckAsync(new CheckRequest(wrongSecret, "requests"));
        var unknown = await Grains.GetGrain<IAccessTokenGrain>("ZZZZZZZZZZZZ").CheckAsync(new CheckRequest(wrongSecret, "requests"));

        Assert.Equal(CheckOutcome.WrongSecret, wrong.Outcome);
        Assert.Equal(CheckOutcome.UnknownToken, unknown.Outcome);
        Assert.Null(await Grains.GetGrain<IAccessTokenGrain>("ZZZZZZZZZZZZ").GetAsync());
    }

    [Fact]
    public async Task Revoked_token_fails_check_and_a_second_revoke_keeps_the_first()
    {
        var user = await GrainScenario.UserAsync(Grains);
        var (id, value) = await GrainScenario.TokenAsync(user);
        var token = Grains.GetGrain<IAccessTokenGrain>(id);

        var first = await token.RevokeAsync(GrainScenario.Admin("alice"));
        fixture.Clock.Advance(TimeSpan.FromMinutes(5));
        var second = await token.RevokeAsync(GrainScenario.Admin("bob"));

        Assert.False(first.WasAlreadyRevoked);
        Assert.True(second.WasAlreadyRevoked);
        Assert.Equal(first.Token!.RevokedAt, second.Token!.RevokedAt);
        Assert.Equal("alice", second.Token.RevokedBy);
        Assert.Equal(TokenStatus.Revoked, second.Token.Status);
        Assert.Equal(CheckOutcome.Revoked, await GrainScenario.CheckAsync(Grains, value));
    }

    [Fact]
    public async Task Revocation_is_stored_before_it_returns()
    {
        var user = await GrainScenario.UserAsync(Grains);
        var (id, value) = await GrainScenario.TokenAsync(user);

        await Grains.GetGrain<IAccessTokenGrain>(id).RevokeAsync(GrainScenario.Admin("admin"));
        var stored = await StoredState.PayloadAsync(fixture.Store, id);
        await fixture.DeactivateAllAsync();

        Assert.Contains("\"revokedBy\":\"admin\"", stored, StringComparison.Ordinal);
        Assert.Equal(CheckOutcome.Revoked, await GrainScenario.CheckAsync(Grains, value));
    }

    [Fact]
    public async Task Expiry_date_is_inclusive_until_local_midnight()
    {
        var expiry = NextDate(month: 1, day: 15);
        var user = await GrainScenario.UserAsync(Grains);
        var (id, value) = await GrainScenario.TokenAsync(user, expiryDate: expiry);

        // Winter in Paris is UTC+1: the day ends at 23:00 UTC.
        var midnight = new DateTimeOffset(expiry.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(1));
        Assert.Equal(midnight, (await Grains.GetGrain<IAccessTokenGrain>(id).GetAsync())!.ExpiresAt);

        fixture.Clock.SetUtcNow(midnight.AddSeconds(-1));
        Assert.Equal(CheckOutcome.Allowed, await GrainScenario.CheckAsync(Grains, value));
        fixture.Clock.SetUtcNow(midnight);
        Assert.Equal(CheckOutcome.Expired, await GrainScenario.CheckAsync(Grains, value));
        Assert.Equal(TokenStatus.Expired, (await Grains.GetGrain<IAccessTokenGrain>(id).GetAsync())!.Status);
    }

    [Fact]
    public async Task Expiry_follows_the_local_clock_across_the_spring_dst_change()
    {
        // The day clocks go forward ends at midnight summer time (UTC+2), not at the winter offset.
        var change = NextLastSunday(month: 3);
        await AssertDayEndsAsync(change, TimeSpan.FromHours(2));
    }

    [Fact]
    public async Task Expiry_follows_the_local_clock_across_the_autumn_dst_change()
    {
        var change = NextLastSunday(month: 10);
        await AssertDayEndsAsync(change, TimeSpan.FromHours(1));
    }

    [Fact]
    public async Task Disabling_a_user_fails_its_tokens_even_after_reactivation_and_enabling_restores_them()
    {
        var user = await GrainScenario.UserAsync(Grains);
        var (_, live) = await GrainScenario.TokenAsync(user);
        var (revokedId, revoked) = await GrainScenario.TokenAsync(user);
        await Grains.GetGrain<IAccessTokenGrain>(revokedId).RevokeAsync(GrainScenario.Admin("admin"));

        await user.UpdateAsync(new UserChanges(null, null, false, null), GrainScenario.Admin());
        Assert.Equal(CheckOutcome.UserDisabled, await GrainScenario.CheckAsync(Grains, live));
        await fixture.DeactivateAllAsync();
        Assert.Equal(CheckOutcome.UserDisabled, await GrainScenario.CheckAsync(Grains, live));

        await user.UpdateAsync(new UserChanges(null, null, true, null), GrainScenario.Admin());
        Assert.Equal(CheckOutcome.Allowed, await GrainScenario.CheckAsync(Grains, live));
        Assert.Equal(CheckOutcome.Revoked, await GrainScenario.CheckAsync(Grains, revoked));
    }

    [Fact]
    public async Task Exact_date_of_last_use_reads_back()
    {
        var user = await GrainScenario.UserAsync(Grains);
        var (id, value) = await GrainScenario.TokenAsync(user);
        fixture.Clock.Advance(TimeSpan.FromSeconds(61.25));
        var usedAt = fixture.Clock.GetUtcNow();

        await GrainScenario.CheckAsync(Grains, value);

        Assert.Equal(usedAt, (await Grains.GetGrain<IAccessTokenGrain>(id).GetAsync())!.LastUsedAt);
    }

    [Fact]
    public async Task Many_checks_write_the_date_of_last_use_at_most_once_per_interval()
    {
        var user = await GrainScenario.UserAsync(Grains);
        var (id, value) = await GrainScenario.TokenAsync(user);
        var created = await StoredState.VersionAsync(fixture.Store, id);
        var interval = TimeSpan.FromMilliseconds(300);

        var started = DateTime.UtcNow;
        var checks = 0;
        while (DateTime.UtcNow - started < TimeSpan.FromSeconds(1.5) && checks < 200_000)
        {
            fixture.Clock.Advance(TimeSpan.FromMilliseconds(1));
            Assert.Equal(CheckOutcome.Allowed, await GrainScenario.CheckAsync(Grains, value));
            checks++;
        }

        var elapsed = DateTime.UtcNow - started;
        var lastUse = (await Grains.GetGrain<IAccessTokenGrain>(id).GetAsync())!.LastUsedAt;
        await Eventually.HoldsAsync(
            async () => (await StoredState.PayloadAsync(fixture.Store, id))!.Contains(Iso(lastUse!.Value), StringComparison.Ordinal),
            TimeSpan.FromSeconds(10),
            "the last date of use is flushed within the interval");

        var writes = await StoredState.VersionAsync(fixture.Store, id) - created;
        var allowed = (int)Math.Ceiling((DateTime.UtcNow - started) / interval) + 1;
        Assert.InRange(writes, 1, allowed);
        Assert.True(checks > 10 * allowed, $"{checks} checks in {elapsed} are too few to show coalescing");
    }

    [Fact]
    public async Task Token_state_never_holds_the_value_or_the_secret()
    {
        var user = await GrainScenario.UserAsync(Grains);
        var (id, value) = await GrainScenario.TokenAsync(user);
        var secret = value.Split('_')[2][..TokenValue.SecretLength];

        var stored = await StoredState.AllPayloadsAsync(fixture.Store);

        Assert.Contains(id, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, stored, StringComparison.Ordinal);
    }

    private async Task AssertDayEndsAsync(DateOnly expiry, TimeSpan offsetAtMidnight)
    {
        var user = await GrainScenario.UserAsync(Grains);
        var (_, value) = await GrainScenario.TokenAsync(user, expiryDate: expiry);
        var midnight = new DateTimeOffset(expiry.AddDays(1).ToDateTime(TimeOnly.MinValue), offsetAtMidnight);
        Assert.Equal(offsetAtMidnight, Paris.GetUtcOffset(midnight));

        fixture.Clock.SetUtcNow(midnight.AddSeconds(-1));
        Assert.Equal(CheckOutcome.Allowed, await GrainScenario.CheckAsync(Grains, value));
        fixture.Clock.SetUtcNow(midnight);
        Assert.Equal(CheckOutcome.Expired, await GrainScenario.CheckAsync(Grains, value));
    }

    private DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(fixture.Clock.GetUtcNow(), Paris).DateTime);

    private DateOnly NextDate(int month, int day)
    {
        var candidate = new DateOnly(Today.Year, month, day);
        return candidate > Today ? candidate : candidate.AddYears(1);
    }

    private DateOnly NextLastSunday(int month)
    {
        for (var year = Today.Year; ; year++)
        {
            var last = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
            while (last.DayOfWeek != DayOfWeek.Sunday)
            {
                last = last.AddDays(-1);
            }

            if (last > Today)
            {
                return last;
            }
        }
    }

    private static string Iso(DateTimeOffset instant) =>
        System.Text.Json.JsonSerializer.Serialize(instant).Trim('"');
}

[CollectionDefinition(Name)]
public sealed class FastFlushSqliteCollection : ICollectionFixture<FastFlushCluster>
{
    public const string Name = "grains on sqlite, FastFlush";
}

[CollectionDefinition(Name)]
public sealed class FastFlushPostgresCollection : ICollectionFixture<FastFlushPostgresCluster>
{
    public const string Name = "grains on postgresql, FastFlush";
}

[Collection(FastFlushSqliteCollection.Name)]
[Trait(Tier.Name, Tier.Fast)]
public sealed class AccessTokenGrainOnSqliteTests(FastFlushCluster fixture) : AccessTokenGrainTests(fixture);

[Collection(FastFlushPostgresCollection.Name)]
public sealed class AccessTokenGrainOnPostgresTests(FastFlushPostgresCluster fixture) : AccessTokenGrainTests(fixture);
