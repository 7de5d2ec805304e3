using AccessTokens.Tokens;

namespace AccessTokens.Catalog;

/// <summary>One page of tokens and the position to continue after, if more follow.</summary>
[GenerateSerializer, Immutable, Alias("AccessTokens.TokenPage")]
public sealed record TokenPage([property: Id(0)] IReadOnlyList<AccessTokenView> Items, [property: Id(1)] TokenPosition? Next);
