using AccessTokens.Common;

namespace AccessTokens.Users;

/// <summary>A user after an administrative operation, or why it was refused.</summary>
[GenerateSerializer, Immutable, Alias("AccessTokens.UserResult")]
public sealed record UserResult([property: Id(0)] UserView? User, [property: Id(1)] Failure? Failure);
