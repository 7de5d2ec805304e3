using AccessTokens.Time;

namespace AccessTokens.Tokens;

/// <summary>
/// A token's counts as they are now: the open window of its rate limit, the uses of its quota, the wrong secrets
/// presented. Checks run in the grain's turns and in place on the API's threads at once, so admissions take a lock (a
/// check admitted is counted before the next is looked at: never one more than the limit), and failures are counted
/// with interlocked operations. One object per activation, made only for a token with a policy or a failed attempt.
/// </summary>
public sealed class LiveCounters
{
    private readonly Lock gate = new();

    // The policies, replaced whole by a change (PATCH); the counts carry over.
    private RateLimit? rateLimit;
    private Quota? quota;

    // UTC ticks; a window is open while now < windowEnds.
    private long windowStarted;
    private long windowEnds;
    private int windowCount;

    // The quota's period: its first day (null without refill) and the instant the next one begins (long.MaxValue
    // without refill; 0 until the first check has placed the stored count in its period).
    private DateOnly? period;
    private long periodEnds;
    private long used;

    private long failedAttempts;
    private long lastFailed;
    private long audited;

    public LiveCounters(TokenPolicies? policies, TokenCounters? stored)
    {
        rateLimit = policies?.RateLimit;
        quota = policies?.Quota;
        Adopt(stored);
        audited = failedAttempts;
    }

    /// <summary>Checks presented with a wrong secret, in all.</summary>
    public long FailedAttempts => Interlocked.Read(ref failedAttempts);

    /// <summary>When the last of them was.</summary>
    public DateTimeOffset? LastFailedAt => Interlocked.Read(ref lastFailed) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <summary>Replaces the policies; the window and the uses already counted stay.</summary>
    public void Apply(TokenPolicies? policies)
    {
        lock (gate)
        {
            if (rateLimit?.Per != policies?.RateLimit?.Per)
            {
                windowEnds = 0;
            }

            if (quota?.Refill != policies?.Quota?.Refill)
            {
                periodEnds = 0;
            }

            rateLimit = policies?.RateLimit;
            quota = policies?.Quota;
        }
    }

    /// <summary>
    /// Admits a check at <paramref name="now"/> when the rate limit's window and the quota have room, and counts it; or
    /// refuses it, counting nothing, with the outcome and how long until it would be admitted (null: never, a quota
    /// without refill). <paramref name="state"/> is what is left either way.
    /// </summary>
    public bool TryAdmit(DateTimeOffset now, ServiceCalendar calendar, out LimitState state, out CheckOutcome refusal, out TimeSpan? retryAfter)
    {
        var ticks = now.UtcTicks;
        lock (gate)
        {
            refusal = CheckOutcome.Allowed;
            retryAfter = null;
            if (rateLimit is { } rate)
            {
                if (ticks >= windowEnds)
                {
                    windowStarted = ticks;
                    windowEnds = ticks + rate.Per.Ticks;
                    windowCount = 0;
                }

                if (windowCount >= rate.Requests)
                {
                    refusal = CheckOutcome.RateLimited;
                    retryAfter = TimeSpan.FromTicks(windowEnds - ticks);
                }
            }

            if (refusal == CheckOutcome.Allowed && quota is { } limit)
            {
                Roll(ticks, calendar);
                if (used >= limit.Uses)
                {
                    refusal = CheckOutcome.QuotaExhausted;
                    retryAfter = periodEnds == long.MaxValue ? null : TimeSpan.FromTicks(periodEnds - ticks);
                }
            }

            if (refusal == CheckOutcome.Allowed)
            {
                windowCount++;
                used++;
            }

            state = State(ticks);
            return refusal == CheckOutcome.Allowed;
        }
    }

    /// <summary>The quota's uses left at <paramref name="now"/>, or null without a quota.</summary>
    public long? RemainingUses(DateTimeOffset now, ServiceCalendar calendar)
    {
        lock (gate)
        {
            if (quota is not { } limit)
            {
                return null;
            }

            Roll(now.UtcTicks, calendar);
            return Math.Max(0, limit.Uses - used);
        }
    }

    /// <summary>Counts a check that presented a wrong secret at <paramref name="now"/>.</summary>
    public void Fail(DateTimeOffset now)
    {
        Interlocked.Increment(ref failedAttempts);
        long seen;
        while ((seen = Interlocked.Read(ref lastFailed)) < now.UtcTicks && Interlocked.CompareExchange(ref lastFailed, now.UtcTicks, seen) != seen)
        {
        }
    }

    /// <summary>The failed attempts not yet entered in the audit trail, now counted as entered. Called in the grain's turns.</summary>
    public long TakeUnaudited()
    {
        var total = FailedAttempts;
        var unaudited = total - audited;
        audited = total;
        return unaudited;
    }

    /// <summary>The counts to store.</summary>
    public TokenCounters ToStored()
    {
        lock (gate)
        {
            return new TokenCounters(
                windowEnds > 0 ? new DateTimeOffset(windowStarted, TimeSpan.Zero) : null,
                windowEnds > 0 ? windowCount : 0,
                period,
                used,
                FailedAttempts,
                LastFailedAt);
        }
    }

    /// <summary>
    /// Takes in counts just read from the store (at activation, or after another write landed): for the same window and
    /// period, and for the failures, the larger count wins, so no use counted anywhere is forgotten.
    /// </summary>
    public void Adopt(TokenCounters? stored)
    {
        if (stored is null)
        {
            return;
        }

        lock (gate)
        {
            if (stored.WindowStartedAt is { } started && rateLimit is { } rate)
            {
                var storedEnds = started.UtcTicks + rate.Per.Ticks;
                if (storedEnds > windowEnds)
                {
                    (windowStarted, windowEnds, windowCount) = (started.UtcTicks, storedEnds, stored.WindowCount);
                }
                else if (started.UtcTicks == windowStarted)
                {
                    windowCount = Math.Max(windowCount, stored.WindowCount);
                }
            }

            if (periodEnds == 0 || stored.QuotaPeriod == period)
            {
                period = stored.QuotaPeriod;
                used = Math.Max(used, stored.QuotaUsed);
            }
        }

        long seen;
        while ((seen = Interlocked.Read(ref failedAttempts)) < stored.FailedAttempts && Interlocked.CompareExchange(ref failedAttempts, stored.FailedAttempts, seen) != seen)
        {
        }

        var storedFailed = stored.LastFailedAt?.UtcTicks ?? 0;
        while ((seen = Interlocked.Read(ref lastFailed)) < storedFailed && Interlocked.CompareExchange(ref lastFailed, storedFailed, seen) != seen)
        {
        }
    }

    // Moves the quota to the period of now: a new day or month (in the service time zone) starts with no uses. Computes
    // the period only when the current one has ended, not on every check.
    private void Roll(long ticks, ServiceCalendar calendar)
    {
        if (ticks < periodEnds)
        {
            return;
        }

        var today = calendar.Today;
        var month = new DateOnly(today.Year, today.Month, 1);
        var (current, ends) = quota!.Refill switch
        {
            QuotaRefill.Daily => Period(today, today, calendar),
            QuotaRefill.Monthly => Period(month, month.AddMonths(1).AddDays(-1), calendar),
            _ => ((DateOnly?)null, long.MaxValue),
        };
        if (current != period)
        {
            // The count belonged to another day or month (or to the quota before its refill changed).
            used = 0;
            period = current;
        }

        periodEnds = ends;
    }

    private static (DateOnly?, long) Period(DateOnly first, DateOnly last, ServiceCalendar calendar) =>
        (first, calendar.ExpiresAt(last)!.Value.UtcTicks);

    private LimitState State(long ticks) => new(
        rateLimit,
        rateLimit is { } rate ? Math.Max(0, rate.Requests - windowCount) : 0,
        rateLimit is null ? TimeSpan.Zero : TimeSpan.FromTicks(Math.Max(0, windowEnds - ticks)),
        quota is { } limit ? Math.Max(0, limit.Uses - used) : null);
}
