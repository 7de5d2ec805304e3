namespace AccessTokens.Tokens;

/// <summary>The stored keys token ids are signed with, and the ids issued before they were signed.</summary>
[GenerateSerializer, Alias("AccessTokens.TokenIdKeyRingState")]
public sealed class TokenIdKeyRingState
{
    /// <summary>Every key, oldest first; empty until the ring is first used.</summary>
    [Id(0)]
    public List<TokenIdKey> Keys { get; set; } = [];

    /// <summary>Ids issued unsigned (the store's ids that no key signed), 12 ASCII bytes each, sorted.</summary>
    [Id(1)]
    public byte[] UnsignedIds { get; set; } = [];

    /// <summary>When the ring was made: the first key's lifetime counts from then.</summary>
    [Id(2)]
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// Until when an unsigned id may still be issued (by silos of the earlier version during a rolling upgrade); the
    /// store's ids are listed once more after it. Equal to <see cref="CreatedAt"/> on a store that held no token.
    /// </summary>
    [Id(3)]
    public DateTimeOffset OpenUntil { get; set; }

    /// <summary>True once the ids issued up to <see cref="OpenUntil"/> are all in <see cref="UnsignedIds"/>.</summary>
    [Id(4)]
    public bool UnsignedListed { get; set; }
}
