using AccessTokens.Common;

namespace AccessTokens.Tokens;

/// <summary>Field rules for a token's rate limit and quota, at creation and in a change.</summary>
public static class LimitRules
{
    /// <summary>Most requests a rate limit may allow in one window.</summary>
    public const int MaxRequests = 1_000_000;

    /// <summary>Shortest window of a rate limit.</summary>
    public static readonly TimeSpan MinWindow = TimeSpan.FromSeconds(1);

    /// <summary>Longest window of a rate limit.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(1);

    /// <summary>Most uses a quota may allow.</summary>
    public const long MaxUses = 1_000_000_000_000;

    /// <summary>Adds the errors of <paramref name="limit"/> (null: no limit) to <paramref name="errors"/>.</summary>
    public static void Check(RateLimit? limit, FieldErrors errors)
    {
        if (limit is null)
        {
            return;
        }

        if (limit.Requests is < 1 or > MaxRequests)
        {
            errors.Add("rateLimit.requests", $"rateLimit.requests must be between 1 and {MaxRequests:N0}.");
        }

        if (limit.Per < MinWindow || limit.Per > MaxWindow || limit.Per.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            errors.Add("rateLimit.per", "rateLimit.per must be whole seconds from 00:00:01 to 1.00:00:00 (one day).");
        }
    }

    /// <summary>Adds the errors of <paramref name="quota"/> (null: no quota) to <paramref name="errors"/>.</summary>
    public static void Check(Quota? quota, FieldErrors errors)
    {
        if (quota is null)
        {
            return;
        }

        if (quota.Uses is < 1 or > MaxUses)
        {
            errors.Add("quota.uses", $"quota.uses must be between 1 and {MaxUses:N0}.");
        }

        if (quota.Refill is { } refill && !Enum.IsDefined(refill))
        {
            errors.Add("quota.refill", "quota.refill must be \"daily\", \"monthly\" or null.");
        }
    }
}
