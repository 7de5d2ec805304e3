namespace AccessTokens.Api.Checks;

/// <summary>Body of a successful check.</summary>
public sealed record CheckResponse(string User, string? TokenId, string Resource, DateTimeOffset? ExpiresAt);
