using AccessTokens.Tokens;

namespace AccessTokens.Api.Tokens;

/// <summary>Body of <c>POST /api/v1/access-tokens</c>.</summary>
public sealed record CreateAccessTokenBody(
    string? Name,
    string? User,
    IReadOnlyList<string?>? Resources,
    DateOnly? ExpiryDate = null,
    int? ExpiresInDays = null,
    RateLimit? RateLimit = null,
    Quota? Quota = null,
    IReadOnlyList<string?>? AllowedAddresses = null);
