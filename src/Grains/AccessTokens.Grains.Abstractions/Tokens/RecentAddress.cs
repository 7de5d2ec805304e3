namespace AccessTokens.Tokens;

/// <summary>One of the last distinct addresses a token was used from: when first and last, and how many uses.</summary>
[GenerateSerializer, Immutable, Alias("AccessTokens.RecentAddress")]
public sealed record RecentAddress(
    [property: Id(0)] string Address,
    [property: Id(1)] DateTimeOffset FirstSeenAt,
    [property: Id(2)] DateTimeOffset LastSeenAt,
    [property: Id(3)] long Uses);
