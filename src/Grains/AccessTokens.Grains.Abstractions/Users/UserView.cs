namespace AccessTokens.Users;

/// <summary>A user as administrators see it. Never holds the password or its hash.</summary>
[GenerateSerializer, Immutable, Alias("AccessTokens.UserView")]
public sealed record UserView(
    [property: Id(0)] string Login,
    [property: Id(1)] string Name,
    [property: Id(2)] string Profile,
    [property: Id(3)] bool Active,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] int TokenCount,
    [property: Id(6)] bool HasPassword);
