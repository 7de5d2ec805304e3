namespace AccessTokens.Tokens;

/// <summary>What a token's checks are limited by beyond its resources and expiry; null in the record of a token with none.</summary>
[GenerateSerializer, Immutable, Alias("AccessTokens.TokenPolicies")]
public sealed record TokenPolicies(
    [property: Id(0)] RateLimit? RateLimit,
    [property: Id(1)] Quota? Quota)
{
    /// <summary>The policies of <paramref name="rateLimit"/> and <paramref name="quota"/>, or null when both are none.</summary>
    public static TokenPolicies? Of(RateLimit? rateLimit, Quota? quota) =>
        rateLimit is null && quota is null ? null : new TokenPolicies(rateLimit, quota);
}
