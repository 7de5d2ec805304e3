using AccessTokens.Common;

namespace AccessTokens.Tokens;

/// <summary>
/// The token after a revoke; null <see cref="Token"/> when no such token exists, and <see cref="Refused"/> when the
/// caller may not revoke it (nothing changed).
/// </summary>
[GenerateSerializer, Immutable, Alias("AccessTokens.RevokeResult")]
public sealed record RevokeResult(
    [property: Id(0)] AccessTokenView? Token,
    [property: Id(1)] bool WasAlreadyRevoked,
    [property: Id(2)] Failure? Refused = null);
