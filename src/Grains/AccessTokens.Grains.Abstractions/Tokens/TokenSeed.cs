using AccessTokens.Users;

namespace AccessTokens.Tokens;

/// <summary>Everything a token grain is created with, once its user has accepted the request.</summary>
[GenerateSerializer, Immutable, Alias("AccessTokens.TokenSeed")]
public sealed record TokenSeed(
    [property: Id(0)] string Name,
    [property: Id(1)] string User,
    [property: Id(2)] IReadOnlyList<string> Resources,
    [property: Id(3)] DateOnly? ExpiryDate,
    [property: Id(4)] byte[] SecretHash,
    [property: Id(5)] string CreatedBy,
    [property: Id(6)] UserStatus UserStatus,
    [property: Id(7)] RateLimit? RateLimit = null,
    [property: Id(8)] Quota? Quota = null,
    [property: Id(9)] IReadOnlyList<string>? AllowedAddresses = null,
    [property: Id(10)] string? RotatedFrom = null);
