namespace AccessTokens.Catalog;

/// <summary>
/// What the catalog keeps of a token to filter and order lists without activating it. <see cref="Resources"/>
/// is null in summaries stored before resources were catalogued.
/// </summary>
[GenerateSerializer, Immutable, Alias("AccessTokens.TokenSummary")]
public sealed record TokenSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string User,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset? ExpiresAt,
    [property: Id(5)] bool Revoked,
    [property: Id(6)] IReadOnlyList<string>? Resources = null);
