namespace AccessTokens.Api.Checks;

/// <summary>Body of a successful check.</summary>
/// <param name="User">Login of the token's user.</param>
/// <param name="TokenId">The token's id; null for Basic credentials.</param>
/// <param name="Resource">The resource checked.</param>
/// <param name="ExpiresAt">When the token stops working; null for unlimited.</param>
/// <param name="RemainingUses">Uses left in the token's quota after this check; absent for a token without a quota.</param>
public sealed record CheckResponse(string User, string? TokenId, string Resource, DateTimeOffset? ExpiresAt, long? RemainingUses = null);
