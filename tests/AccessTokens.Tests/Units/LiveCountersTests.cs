using AccessTokens.Tests.Infrastructure;
using AccessTokens.Time;
using AccessTokens.Tokens;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AccessTokens.Tests.Units;

[Trait(Tier.Name, Tier.Fast)]
public sealed class LiveCountersTests
{
    private static readonly DateTimeOffset Noon = new(2027, 3, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Concurrent_checks_against_a_rate_limit_admit_exactly_the_limit()
    {
        var clock = new FakeTimeProvider(Noon);
        var calendar = Calendar(clock, "UTC");
        var counters = new LiveCounters(new TokenPolicies(new RateLimit(100, TimeSpan.FromMinutes(1)), null), null);
        var admitted = 0;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
        {
            for (var i = 0; i < 250; i++)
            {
                if (counters.TryAdmit(clock.GetUtcNow(), calendar, out _, out _, out _))
                {
                    Interlocked.Increment(ref admitted);
                }
            }
        })));

        Assert.Equal(100, admitted);
    }

    [Fact]
    public void A_full_window_refuses_until_it_ends_then_a_new_one_opens()
    {
        var clock = new FakeTimeProvider(Noon);
        var calendar = Calendar(clock, "UTC");
        var counters = new LiveCounters(new TokenPolicies(new RateLimit(2, TimeSpan.FromSeconds(10)), null), null);

        Assert.True(counters.TryAdmit(clock.GetUtcNow(), calendar, out var first, out _, out _));
        Assert.Equal(1, first.RemainingRequests);
        clock.Advance(TimeSpan.FromSeconds(4));
        Assert.True(counters.TryAdmit(clock.GetUtcNow(), calendar, out var second, out _, out _));
        Assert.Equal(0, second.RemainingRequests);
        Assert.Equal(TimeSpan.FromSeconds(6), second.WindowResetsIn);

        Assert.False(counters.TryAdmit(clock.GetUtcNow(), calendar, out _, out var refusal, out var retryAfter));
        Assert.Equal(CheckOutcome.RateLimited, refusal);
        Assert.Equal(TimeSpan.FromSeconds(6), retryAfter);

        clock.Advance(TimeSpan.FromSeconds(6));
        Assert.True(counters.TryAdmit(clock.GetUtcNow(), calendar, out var renewed, out _, out _));
        Assert.Equal(1, renewed.RemainingRequests);
    }

    [Fact]
    public void A_daily_quota_refills_at_midnight_in_the_service_time_zone()
    {
        // 03:00 UTC on 10 March is still 9 March in New York (UTC-5): the refill comes at 05:00 UTC.
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 10, 3, 0, 0, TimeSpan.Zero));
        var calendar = Calendar(clock, "America/New_York");
        var counters = new LiveCounters(new TokenPolicies(null, new Quota(2, QuotaRefill.Daily)), null);

        Assert.True(counters.TryAdmit(clock.GetUtcNow(), calendar, out var first, out _, out _));
        Assert.Equal(1, first.RemainingUses);
        Assert.True(counters.TryAdmit(clock.GetUtcNow(), calendar, out _, out _, out _));
        Assert.False(counters.TryAdmit(clock.GetUtcNow(), calendar, out var spent, out var refusal, out var retryAfter));
        Assert.Equal(CheckOutcome.QuotaExhausted, refusal);
        Assert.Equal(0, spent.RemainingUses);
        Assert.Equal(TimeSpan.FromHours(2), retryAfter);

        clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(2, counters.RemainingUses(clock.GetUtcNow(), calendar));
        Assert.True(counters.TryAdmit(clock.GetUtcNow(), calendar, out _, out _, out _));
    }

    [Fact]
    public void A_monthly_quota_refills_on_the_first_and_one_without_refill_never_does()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 2, 27, 12, 0, 0, TimeSpan.Zero));
        var calendar = Calendar(clock, "UTC");
        var monthly = new LiveCounters(new TokenPolicies(null, new Quota(1, QuotaRefill.Monthly)), null);
        var once = new LiveCounters(new TokenPolicies(null, new Quota(1, null)), null);

        Assert.True(monthly.TryAdmit(clock.GetUtcNow(), calendar, out _, out _, out _));
        Assert.True(once.TryAdmit(clock.GetUtcNow(), calendar, out _, out _, out _));
        Assert.False(monthly.TryAdmit(clock.GetUtcNow(), calendar, out _, out _, out var untilMarch));
        Assert.Equal(TimeSpan.FromHours(36), untilMarch);
        Assert.False(once.TryAdmit(clock.GetUtcNow(), calendar, out _, out _, out var never));
        Assert.Null(never);

        clock.Advance(TimeSpan.FromHours(36));
        Assert.True(monthly.TryAdmit(clock.GetUtcNow(), calendar, out _, out _, out _));
        Assert.False(once.TryAdmit(clock.GetUtcNow(), calendar, out _, out _, out _));
    }

    [Fact]
    public void Counts_carry_over_a_change_of_policy_and_survive_a_store_round_trip()
    {
        var clock = new FakeTimeProvider(Noon);
        var calendar = Calendar(clock, "UTC");
        var counters = new LiveCounters(new TokenPolicies(new RateLimit(10, TimeSpan.FromMinutes(1)), new Quota(100, QuotaRefill.Daily)), null);
        for (var i = 0; i < 6; i++)
        {
            Assert.True(counters.TryAdmit(clock.GetUtcNow(), calendar, out _, out _, out _));
        }

        counters.Fail(clock.GetUtcNow());
        counters.Apply(new TokenPolicies(new RateLimit(6, TimeSpan.FromMinutes(1)), new Quota(100, QuotaRefill.Daily)));
        Assert.False(counters.TryAdmit(clock.GetUtcNow(), calendar, out _, out var refusal, out _));
        Assert.Equal(CheckOutcome.RateLimited, refusal);

        // A new activation reads what was stored: the same window, the same uses, the same failures.
        var stored = counters.ToStored();
        var again = new LiveCounters(new TokenPolicies(new RateLimit(7, TimeSpan.FromMinutes(1)), new Quota(100, QuotaRefill.Daily)), stored);
        Assert.True(again.TryAdmit(clock.GetUtcNow(), calendar, out var left, out _, out _));
        Assert.Equal(0, left.RemainingRequests);
        Assert.Equal(93, left.RemainingUses);
        Assert.Equal(1, again.FailedAttempts);
        Assert.Equal(0, again.TakeUnaudited());

        // A stale write met in the store never lowers a count.
        again.Adopt(stored);
        Assert.Equal(93, again.RemainingUses(clock.GetUtcNow(), calendar));
    }

    private static ServiceCalendar Calendar(TimeProvider clock, string zone) =>
        new(clock, Options.Create(new AccessTokensOptions { TimeZone = zone }));
}
