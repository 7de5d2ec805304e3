using AccessTokens.Tokens;

namespace AccessTokens.Catalog;

/// <summary>A filtered page request over all tokens, newest first, continuing after <see cref="After"/>.</summary>
[GenerateSerializer, Immutable, Alias("AccessTokens.TokenQuery")]
public sealed record TokenQuery(
    [property: Id(0)] string? User,
    [property: Id(1)] TokenStatus? Status,
    [property: Id(2)] string? Search,
    [property: Id(3)] TokenPosition? After,
    [property: Id(4)] int Limit);
