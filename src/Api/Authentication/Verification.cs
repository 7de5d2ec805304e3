using AccessTokens.Profiles;
using AccessTokens.Tokens;

namespace AccessTokens.Api.Authentication;

/// <summary>
/// The verdict on a request's credentials and, when they are valid, whose they are. For refused credentials,
/// <see cref="Claimed"/> is the login or token id presented and <see cref="ClaimedExists"/> whether it is one the service
/// holds (for the audit trail; the caller is never told).
/// </summary>
public sealed record Verification(
    VerificationOutcome Outcome,
    string? User = null,
    string? Profile = null,
    string? TokenId = null,
    DateTimeOffset? ExpiresAt = null,
    string? Problem = null,
    Permissions Permissions = Permissions.None,
    string? Claimed = null,
    TimeSpan? RetryAfter = null,
    string? TokenCreatedBy = null,
    bool ClaimedExists = false,
    LimitState? Limits = null)
{
    /// <summary>No credentials were presented.</summary>
    public static readonly Verification NoCredentials = new(VerificationOutcome.NoCredentials);

    /// <summary>The credentials are not valid; the caller is not told why.</summary>
    public static readonly Verification Invalid = new(VerificationOutcome.Invalid);
}
