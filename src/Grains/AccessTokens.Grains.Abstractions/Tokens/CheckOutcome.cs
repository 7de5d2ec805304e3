namespace AccessTokens.Tokens;

/// <summary>The result of checking a presented token. Only <see cref="Allowed"/> lets a request pass.</summary>
public enum CheckOutcome
{
    /// <summary>Valid and grants the resource.</summary>
    Allowed,

    /// <summary>No token with this id exists.</summary>
    UnknownToken,

    /// <summary>The id exists but the secret does not match.</summary>
    WrongSecret,

    /// <summary>The token was revoked.</summary>
    Revoked,

    /// <summary>The token is past its expiry.</summary>
    Expired,

    /// <summary>The token's user is disabled.</summary>
    UserDisabled,

    /// <summary>The credentials are valid but do not grant the resource.</summary>
    ResourceNotGranted,

    /// <summary>The token names the resource, but its user's profile no longer allows it with this method.</summary>
    NotAllowedByProfile,

    /// <summary>The credentials are valid, but the check comes from outside the token's allowed addresses.</summary>
    AddressNotAllowed,

    /// <summary>The credentials are valid, but the token's rate limit is reached for the current window.</summary>
    RateLimited,

    /// <summary>The credentials are valid, but the token's quota is used up until its refill (or for good).</summary>
    QuotaExhausted,
}
