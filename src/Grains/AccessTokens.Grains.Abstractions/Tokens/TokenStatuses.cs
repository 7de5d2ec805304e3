namespace AccessTokens.Tokens;

/// <summary>The one rule for a token's status, and its names in the contract.</summary>
public static class TokenStatuses
{
    /// <summary>Revoked wins; otherwise expired from the first instant at which the token no longer works.</summary>
    public static TokenStatus Of(bool revoked, DateTimeOffset? expiresAt, DateTimeOffset now) =>
        revoked ? TokenStatus.Revoked
        : now >= expiresAt ? TokenStatus.Expired
        : TokenStatus.Active;

    /// <summary>Reads a status as the contract names it (<c>active</c>, <c>expired</c>, <c>revoked</c>).</summary>
    public static bool TryParse(string text, out TokenStatus status)
    {
        (var known, status) = text switch
        {
            "active" => (true, TokenStatus.Active),
            "expired" => (true, TokenStatus.Expired),
            "revoked" => (true, TokenStatus.Revoked),
            _ => (false, default),
        };
        return known;
    }
}
