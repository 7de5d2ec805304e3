namespace AccessTokens.Tokens;

/// <summary>The stored record of one token. Holds the SHA-256 of the secret, never the secret.</summary>
[GenerateSerializer, Alias("AccessTokens.AccessTokenState")]
public sealed class AccessTokenState
{
    // The dates are held as UTC ticks, 0 for none: the service records every instant in UTC, and a silo holds one
    // record per active token, where a nullable DateTimeOffset takes three words and a tick count one. The
    // properties, and so the stored and serialized forms, are those of DateTimeOffset.
    [NonSerialized]
    private long createdAt;

    [NonSerialized]
    private long revokedAt;

    [NonSerialized]
    private long lastUsedAt;

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
    public DateTimeOffset CreatedAt
    {
        get => new(createdAt, TimeSpan.Zero);
        set => createdAt = value.UtcTicks;
    }

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
    public DateTimeOffset? RevokedAt
    {
        get => FromTicks(revokedAt);
        set => revokedAt = value?.UtcTicks ?? 0;
    }

    /// <summary>Who revoked it, or null.</summary>
    [Id(8)]
    public string? RevokedBy { get; set; }

    /// <summary>Date of last use as last written (the grain holds the exact one in memory).</summary>
    [Id(9)]
    public DateTimeOffset? LastUsedAt
    {
        get => FromTicks(lastUsedAt);
        set => lastUsedAt = value?.UtcTicks ?? 0;
    }

    /// <summary>What the user lets the token do, as last pushed; null in records stored before tokens kept it.</summary>
    [Id(10)]
    public TokenUserStatus? UserStatus { get; set; }

    /// <summary>The token's rate limit and quota, or null for none.</summary>
    [Id(11)]
    public TokenPolicies? Policies { get; set; }

    /// <summary>Its counts (limits, failed attempts) as last written with the date of last use, or null for none.</summary>
    [Id(12)]
    public TokenCounters? Counters { get; set; }

    /// <summary>The last distinct addresses it was used from, as last written with the date of last use; null for none.</summary>
    [Id(13)]
    public RecentAddress[]? RecentAddresses { get; set; }

    /// <summary>The token's place in a rotation (what it replaced, what replaced it), or null for none.</summary>
    [Id(14)]
    public TokenRotation? Rotation { get; set; }

    private static DateTimeOffset? FromTicks(long ticks) => ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
}
