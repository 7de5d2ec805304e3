namespace AccessTokens.Tokens;

/// <summary>The stored record of one token. Holds the SHA-256 of the secret, never the secret.</summary>
[GenerateSerializer, Alias("AccessTokens.AccessTokenState")]
public sealed class AccessTokenState
{
    /// <summary>The token's display name.</summary>
    [Id(0)]
    public string Name { get; set; } = string.Empty;

    /// <summary>Login of the user the token belongs to.</summary>
    [Id(1)]
    public string User { get; set; } = string.Empty;

    /// <summary>Resources the token opens (an array: it never changes, and one is the exact size).</summary>
    [Id(2)]
    public string[] Resources { get; set; } = [];

    /// <summary>When the token was created.</summary>
    [Id(3)]
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Login of the administrator who created it.</summary>
    [Id(4)]
    public string CreatedBy { get; set; } = string.Empty;

    /// <summary>Last calendar day on which the token works, or null for unlimited.</summary>
    [Id(5)]
    public DateOnly? ExpiryDate { get; set; }

    /// <summary>SHA-256 of the secret; empty while the token does not exist.</summary>
    [Id(6)]
    public byte[] SecretHash { get; set; } = [];

    /// <summary>When the token was revoked, or null.</summary>
    [Id(7)]
    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>Who revoked it, or null.</summary>
    [Id(8)]
    public string? RevokedBy { get; set; }

    /// <summary>Date of last use as last written (the grain holds the exact one in memory).</summary>
    [Id(9)]
    public DateTimeOffset? LastUsedAt { get; set; }
}
