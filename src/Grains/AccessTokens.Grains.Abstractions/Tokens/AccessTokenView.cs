namespace AccessTokens.Tokens;

/// <summary>A token as administrators see it. Never holds the value or its hash.</summary>
[GenerateSerializer, Immutable, Alias("AccessTokens.AccessTokenView")]
public sealed record AccessTokenView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string User,
    [property: Id(3)] IReadOnlyList<string> Resources,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] string CreatedBy,
    [property: Id(6)] DateOnly? ExpiryDate,
    [property: Id(7)] DateTimeOffset? ExpiresAt,
    [property: Id(8)] DateTimeOffset? LastUsedAt,
    [property: Id(9)] TokenStatus Status,
    [property: Id(10)] DateTimeOffset? RevokedAt,
    [property: Id(11)] string? RevokedBy,
    [property: Id(12)] RateLimit? RateLimit = null,
    [property: Id(13)] Quota? Quota = null,
    [property: Id(14)] long? RemainingUses = null,
    [property: Id(15)] long FailedAttempts = 0,
    [property: Id(16)] DateTimeOffset? LastFailedAt = null,
    [property: Id(17)] IReadOnlyList<string>? AllowedAddresses = null,
    [property: Id(18)] IReadOnlyList<RecentAddress>? RecentAddresses = null,
    [property: Id(19)] string? RotatedFrom = null,
    [property: Id(20)] string? SupersededBy = null,
    [property: Id(21)] DateTimeOffset? OverlapEndsAt = null);
