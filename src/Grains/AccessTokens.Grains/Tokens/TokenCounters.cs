namespace AccessTokens.Tokens;

/// <summary>
/// A token's counts as last written with its date of last use: the rate limit's open window, the quota's uses in its
/// period, and the checks that presented a wrong secret. Null in the record of a token that has none.
/// </summary>
[GenerateSerializer, Immutable, Alias("AccessTokens.TokenCounters")]
public sealed record TokenCounters(
    [property: Id(0)] DateTimeOffset? WindowStartedAt,
    [property: Id(1)] int WindowCount,
    [property: Id(2)] DateOnly? QuotaPeriod,
    [property: Id(3)] long QuotaUsed,
    [property: Id(4)] long FailedAttempts,
    [property: Id(5)] DateTimeOffset? LastFailedAt);
