namespace AccessTokens.Tokens;

/// <summary>
/// An administrator's request for a token, as received: the grains validate every field, so values
/// arrive unchecked (null where the client left them out).
/// </summary>
[GenerateSerializer, Immutable, Alias("AccessTokens.NewAccessToken")]
public sealed record NewAccessToken(
    [property: Id(0)] string? Name,
    [property: Id(1)] IReadOnlyList<string?>? Resources,
    [property: Id(2)] DateOnly? ExpiryDate,
    [property: Id(3)] int? ExpiresInDays,
    [property: Id(4)] RateLimit? RateLimit = null,
    [property: Id(5)] Quota? Quota = null,
    [property: Id(6)] IReadOnlyList<string?>? AllowedAddresses = null);
