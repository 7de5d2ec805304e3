namespace AccessTokens.Api.Authentication;

/// <summary>What verifying a request's credentials for one resource concluded.</summary>
public enum VerificationOutcome
{
    /// <summary>No credentials: 401 with a bare challenge.</summary>
    NoCredentials,

    /// <summary>An unreadable header: 400 <c>invalid_request</c>.</summary>
    Malformed,

    /// <summary>Bad, unknown, expired or revoked token, wrong password, disabled user: 401 <c>invalid_token</c>.</summary>
    Invalid,

    /// <summary>Valid credentials without the right: 403 <c>insufficient_scope</c>.</summary>
    Forbidden,

    /// <summary>Valid credentials that grant the resource.</summary>
    Allowed,

    /// <summary>Too many wrong passwords for this login or from this address: 429 with <c>Retry-After</c>.</summary>
    Throttled,

    /// <summary>A valid token past its rate limit or its quota: 429, with <c>Retry-After</c> when it will pass again.</summary>
    Limited,

    /// <summary>A password that could not be verified now: every hashing thread is busy. 503 with <c>Retry-After</c>.</summary>
    Busy,
}
