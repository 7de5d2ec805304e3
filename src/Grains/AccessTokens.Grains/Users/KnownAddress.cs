namespace AccessTokens.Users;

/// <summary>An address a user signed in from with the right password, and when it last did.</summary>
[GenerateSerializer, Immutable, Alias("AccessTokens.KnownAddress")]
public sealed record KnownAddress([property: Id(0)] string Address, [property: Id(1)] DateTimeOffset LastSignedInAt);
