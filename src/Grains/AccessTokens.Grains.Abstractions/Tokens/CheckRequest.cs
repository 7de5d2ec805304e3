namespace AccessTokens.Tokens;

/// <summary>A check of a presented token: the SHA-256 of its secret (never the secret) and the resource asked for.</summary>
[GenerateSerializer, Immutable, Alias("AccessTokens.CheckRequest")]
public sealed record CheckRequest([property: Id(0)] byte[] SecretHash, [property: Id(1)] string Resource);
