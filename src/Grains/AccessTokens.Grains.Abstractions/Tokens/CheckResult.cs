using AccessTokens.Profiles;

namespace AccessTokens.Tokens;

/// <summary>What a check concluded, and for whom; for valid credentials, also who issued the token.</summary>
[GenerateSerializer, Immutable, Alias("AccessTokens.CheckResult")]
public sealed record CheckResult(
    [property: Id(0)] CheckOutcome Outcome,
    [property: Id(1)] string? User = null,
    [property: Id(2)] string? Profile = null,
    [property: Id(3)] DateTimeOffset? ExpiresAt = null,
    [property: Id(4)] Permissions Permissions = Permissions.None,
    [property: Id(5)] string? CreatedBy = null,
    [property: Id(6)] LimitState? Limits = null,
    [property: Id(7)] TimeSpan? RetryAfter = null)
{
    /// <summary>A shared refusal for ids that do not exist.</summary>
    public static readonly CheckResult Unknown = new(CheckOutcome.UnknownToken);

    /// <summary>True when the request may pass.</summary>
    public bool IsAllowed => Outcome == CheckOutcome.Allowed;

    /// <summary>True when the credentials themselves are valid (allowed, or valid without the resource).</summary>
    public bool IsAuthenticated => Outcome is CheckOutcome.Allowed or CheckOutcome.ResourceNotGranted or CheckOutcome.NotAllowedByProfile;
}
