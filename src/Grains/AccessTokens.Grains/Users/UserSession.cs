namespace AccessTokens.Users;

/// <summary>One open admin screen session: the SHA-256 of its id (the id itself is only in the protected cookie) and when it ends.</summary>
[GenerateSerializer, Immutable, Alias("AccessTokens.UserSession")]
public sealed record UserSession(
    [property: Id(0)] string IdHash,
    [property: Id(1)] DateTimeOffset CreatedAt,
    [property: Id(2)] DateTimeOffset EndsAt);
