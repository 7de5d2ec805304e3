namespace AccessTokens.Tokens;

/// <summary>
/// What a token's checks are limited by beyond its resources and expiry: a rate limit, a quota, the address ranges it may
/// be used from (canonical CIDR). Null in the record of a token with none.
/// </summary>
[GenerateSerializer, Immutable, Alias("AccessTokens.TokenPolicies")]
public sealed record TokenPolicies(
    [property: Id(0)] RateLimit? RateLimit,
    [property: Id(1)] Quota? Quota,
    [property: Id(2)] string[]? AllowedAddresses = null)
{
    /// <summary>True when a check is counted: the token has a rate limit or a quota.</summary>
    public bool Counts => RateLimit is not null || Quota is not null;

    /// <summary>The policies given, or null when all are none.</summary>
    public static TokenPolicies? Of(RateLimit? rateLimit, Quota? quota, string[]? allowedAddresses) =>
        rateLimit is null && quota is null && allowedAddresses is null ? null : new TokenPolicies(rateLimit, quota, allowedAddresses);

    /// <inheritdoc />
    public bool Equals(TokenPolicies? other) =>
        other is not null && Equals(RateLimit, other.RateLimit) && Equals(Quota, other.Quota)
        && (AllowedAddresses ?? []).SequenceEqual(other.AllowedAddresses ?? [], StringComparer.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(RateLimit, Quota, AllowedAddresses?.Length);
}
