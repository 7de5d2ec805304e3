namespace AccessTokens.Common;

/// <summary>
/// Failures counted within a window that starts at the first of them, and a lock: reaching a limit locks and starts
/// counting afresh, and each further lock within the same window lasts twice the one before (at most the window), so
/// a guesser that waits out every lock still gets only a few rounds of guesses per window. A value: every change makes
/// a new one.
/// </summary>
public readonly record struct FailureCounter(int Failures, DateTimeOffset WindowStart, DateTimeOffset LockedUntil, int Locks = 0)
{
    /// <summary>Nothing counted.</summary>
    public static readonly FailureCounter None = new(0, DateTimeOffset.MinValue, DateTimeOffset.MinValue);

    /// <summary>The failures that still count at <paramref name="now"/>.</summary>
    public int FailuresAt(DateTimeOffset now, TimeSpan window) => now - WindowStart > window ? 0 : Failures;

    /// <summary>How long the lock still lasts at <paramref name="now"/>, or zero.</summary>
    public TimeSpan LockedFor(DateTimeOffset now) => LockedUntil > now ? LockedUntil - now : TimeSpan.Zero;

    /// <summary>When the failures counted now stop counting.</summary>
    public DateTimeOffset WindowEnd(TimeSpan window) => WindowStart + window;

    /// <summary>
    /// Counts one failure at <paramref name="now"/>; reaching <paramref name="limit"/> (above 0) locks for
    /// <paramref name="lockout"/>, doubled for each lock already taken in this window.
    /// </summary>
    public FailureCounter Add(DateTimeOffset now, TimeSpan window, int limit, TimeSpan lockout)
    {
        var counted = now - WindowStart > window
            ? new FailureCounter(1, now, LockedUntil)
            : this with { Failures = Failures + 1 };
        if (limit <= 0 || counted.Failures < limit)
        {
            return counted;
        }

        var doubled = lockout * Math.Pow(2, Math.Min(counted.Locks, 16));
        return counted with { Failures = 0, LockedUntil = now + (doubled < window ? doubled : window), Locks = counted.Locks + 1 };
    }

    /// <summary>True when nothing counts or locks any more at <paramref name="now"/>.</summary>
    public bool IsStale(DateTimeOffset now, TimeSpan window) => LockedUntil <= now && now - WindowStart > window;
}
