namespace AccessTokens.Tokens;

/// <summary>The stored record of one token. Holds the SHA-256 of the secret, never the secret.</summary>
public sealed class AccessTokenState
{
    /// <summary>The token's display name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Login of the user the token belongs to.</summary>
    public string User { get; set; } = string.Empty;

    /// <summary>Resources the token opens (an array: it never changes, and one is the exact size).</summary>
    public string[] Resources { get; set; } = [];

    /// <summary>When the token was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Login of the administrator who created it.</summary>
    public string CreatedBy { get; set; } = string.Empty;

    /// <summary>Last calendar day on which the token works, or null for unlimited.</summary>
    public DateOnly? ExpiryDate { get; set; }

    /// <summary>SHA-256 of the secret; empty while the token does not exist.</summary>
    public byte[] SecretHash { get; set; } = [];

    /// <summary>When the token was revoked, or null.</summary>
    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>Who revoked it, or null.</summary>
    public string? RevokedBy { get; set; }

    /// <summary>Date of last use as last written (the grain holds the exact one in memory).</summary>
    public DateTimeOffset? LastUsedAt { get; set; }
}
