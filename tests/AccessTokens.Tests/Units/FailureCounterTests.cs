using AccessTokens.Common;
using AccessTokens.Tests.Infrastructure;

namespace AccessTokens.Tests.Units;

[Trait(Tier.Name, Tier.Fast)]
public sealed class FailureCounterTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan Lockout = TimeSpan.FromMinutes(1);
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Each_lock_within_a_window_lasts_twice_the_one_before_at_most_the_window()
    {
        var counter = FailureCounter.None;
        var now = Start;
        var locks = new List<TimeSpan>();
        for (var round = 0; round < 6; round++)
        {
            for (var i = 0; i < 5; i++)
            {
                Assert.Equal(TimeSpan.Zero, counter.LockedFor(now));
                counter = counter.Add(now, TimeSpan.FromDays(1), 5, Lockout);
            }

            locks.Add(counter.LockedFor(now));
            now += counter.LockedFor(now);
        }

        Assert.Equal([1, 2, 4, 8, 16, 32], locks.Select(l => (int)l.TotalMinutes));
        Assert.Equal(Window, FailureCounter.None.Add(Start, Window, 1, TimeSpan.FromHours(1)).LockedFor(Start));
    }

    [Fact]
    public void A_guesser_that_waits_out_every_lock_gets_a_bounded_number_of_guesses_per_window()
    {
        var counter = FailureCounter.None;
        var guesses = 0;
        for (var now = Start; now < Start + Window; now += TimeSpan.FromSeconds(1))
        {
            if (counter.LockedFor(now) == TimeSpan.Zero)
            {
                counter = counter.Add(now, Window, 5, Lockout);
                guesses++;
            }
        }

        // Locks of 1, 2, 4 and 8 minutes fill the window: five rounds of five guesses at most.
        Assert.InRange(guesses, 20, 25);
    }

    [Fact]
    public void Failures_stop_counting_when_the_window_has_passed()
    {
        var counter = FailureCounter.None.Add(Start, Window, 5, Lockout).Add(Start, Window, 5, Lockout);
        Assert.Equal(2, counter.FailuresAt(Start + Window, Window));
        Assert.Equal(0, counter.FailuresAt(Start + Window + TimeSpan.FromSeconds(1), Window));
        Assert.True(counter.IsStale(Start + Window + TimeSpan.FromSeconds(1), Window));
        Assert.Equal(1, counter.Add(Start + Window + TimeSpan.FromSeconds(1), Window, 5, Lockout).Failures);
    }
}
