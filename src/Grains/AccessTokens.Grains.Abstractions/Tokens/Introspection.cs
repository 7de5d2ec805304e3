namespace AccessTokens.Tokens;

/// <summary>What introspection tells about a working token: whose it is, what it opens now, and its lifetime.</summary>
[GenerateSerializer, Immutable, Alias("AccessTokens.Introspection")]
public sealed record Introspection(
    [property: Id(0)] string User,
    [property: Id(1)] string TokenId,
    [property: Id(2)] IReadOnlyList<string> Resources,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset? ExpiresAt);
