using AccessTokens.Tokens;

namespace AccessTokens.Api.Tokens;

/// <summary>The one response that ever holds a token's value: the token record plus <c>token</c>.</summary>
public sealed record CreatedAccessTokenResponse(
    string Id,
    string Name,
    string User,
    IReadOnlyList<string> Resources,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateOnly? ExpiryDate,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? LastUsedAt,
    TokenStatus Status,
    DateTimeOffset? RevokedAt,
    string? RevokedBy,
    RateLimit? RateLimit,
    Quota? Quota,
    long? RemainingUses,
    long FailedAttempts,
    DateTimeOffset? LastFailedAt,
    IReadOnlyList<string>? AllowedAddresses,
    IReadOnlyList<RecentAddress>? RecentAddresses,
    string? RotatedFrom,
    string? SupersededBy,
    DateTimeOffset? OverlapEndsAt,
    string Token)
{
    /// <summary>Builds the response from the created record and its value.</summary>
    public static CreatedAccessTokenResponse From(AccessTokenView view, string value) => new(
        view.Id, view.Name, view.User, view.Resources, view.CreatedAt, view.CreatedBy, view.ExpiryDate, view.ExpiresAt,
        view.LastUsedAt, view.Status, view.RevokedAt, view.RevokedBy, view.RateLimit, view.Quota, view.RemainingUses,
        view.FailedAttempts, view.LastFailedAt, view.AllowedAddresses, view.RecentAddresses, view.RotatedFrom, view.SupersededBy,
        view.OverlapEndsAt, value);

    /// <summary>Never prints the value.</summary>
    public override string ToString() => $"CreatedAccessTokenResponse {{ Id = {Id} }}";
}
