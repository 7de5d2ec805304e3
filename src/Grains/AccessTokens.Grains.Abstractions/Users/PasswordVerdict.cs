namespace AccessTokens.Users;

/// <summary>
/// The answer to a <see cref="PasswordAttempt"/>: the user's status when it succeeded, how long to wait when it was
/// throttled, and the id of the session it opened when it asked for one (known only to the caller, which keeps it in
/// the admin screen's protected cookie; the user grain stores its hash). <see cref="KnownLogin"/> says whether a refused
/// login exists, for the audit trail only: the caller is never told.
/// </summary>
[GenerateSerializer, Immutable, Alias("AccessTokens.PasswordVerdict")]
public sealed record PasswordVerdict(
    [property: Id(0)] AuthenticationOutcome Outcome,
    [property: Id(1)] UserStatus? Status = null,
    [property: Id(2)] TimeSpan? RetryAfter = null,
    [property: Id(3)] string? SessionId = null,
    [property: Id(4)] bool KnownLogin = false)
{
    /// <summary>A refusal that says nothing more.</summary>
    public static readonly PasswordVerdict Refused = new(AuthenticationOutcome.Refused);

    /// <summary>When every hashing thread is busy: retry in a second.</summary>
    public static readonly PasswordVerdict Busy = new(AuthenticationOutcome.Busy, RetryAfter: TimeSpan.FromSeconds(1));

    /// <summary>Never prints the session id.</summary>
    public override string ToString() => $"PasswordVerdict {{ Outcome = {Outcome}, RetryAfter = {RetryAfter} }}";
}
