namespace AccessTokens.Users;

/// <summary>One page of users and the login to continue after, if more follow.</summary>
[GenerateSerializer, Immutable, Alias("AccessTokens.UserPage")]
public sealed record UserPage([property: Id(0)] IReadOnlyList<UserView> Items, [property: Id(1)] string? NextAfter);
