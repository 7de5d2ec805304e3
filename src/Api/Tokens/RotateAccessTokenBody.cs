namespace AccessTokens.Api.Tokens;

/// <summary>
/// Body of <c>POST /api/v1/access-tokens/{id}/rotate</c> (and <c>…/self/rotate</c>), optional: how long the old token
/// keeps working beside the new one (none: revoked at once; at most 30 days), and the pause in its use that ends that
/// overlap early once the new token has been used.
/// </summary>
public sealed record RotateAccessTokenBody(TimeSpan? Overlap = null, TimeSpan? EndWhenUnusedFor = null);
