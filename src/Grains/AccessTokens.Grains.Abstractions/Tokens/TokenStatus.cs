namespace AccessTokens.Tokens;

/// <summary>The lifecycle status of a token as lists show it.</summary>
public enum TokenStatus
{
    /// <summary>Neither revoked nor past its expiry (a disabled user's tokens are still "active" here but fail checks).</summary>
    Active,

    /// <summary>Past the first instant at which it no longer works.</summary>
    Expired,

    /// <summary>Revoked: final.</summary>
    Revoked,
}
