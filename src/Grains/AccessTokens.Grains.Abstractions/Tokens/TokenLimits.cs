namespace AccessTokens.Tokens;

/// <summary>
/// At most <see cref="Requests"/> checks of the token in each window of <see cref="Per"/>; a window begins with the first
/// check after the previous one ended. Counted by the token's one activation, so exact across the cluster.
/// </summary>
[GenerateSerializer, Immutable, Alias("AccessTokens.RateLimit")]
public sealed record RateLimit(
    [property: Id(0)] int Requests,
    [property: Id(1)] TimeSpan Per);

/// <summary>When a quota's uses come back.</summary>
public enum QuotaRefill
{
    /// <summary>At midnight, in the service time zone.</summary>
    Daily,

    /// <summary>At midnight of the first day of each month, in the service time zone.</summary>
    Monthly,
}

/// <summary>
/// At most <see cref="Uses"/> checks of the token in all, or in each day or month when <see cref="Refill"/> says so.
/// </summary>
[GenerateSerializer, Immutable, Alias("AccessTokens.Quota")]
public sealed record Quota(
    [property: Id(0)] long Uses,
    [property: Id(1)] QuotaRefill? Refill);

/// <summary>What a check with limits left: the rate limit's window and the quota's remaining uses.</summary>
[GenerateSerializer, Immutable, Alias("AccessTokens.LimitState")]
public sealed record LimitState(
    [property: Id(0)] RateLimit? RateLimit,
    [property: Id(1)] int RemainingRequests,
    [property: Id(2)] TimeSpan WindowResetsIn,
    [property: Id(3)] long? RemainingUses);
