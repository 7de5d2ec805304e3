namespace AccessTokens.Profiles;

/// <summary>One resource a profile opens, and with which methods.</summary>
[GenerateSerializer, Immutable, Alias("AccessTokens.ResourceGrant")]
public sealed record ResourceGrant([property: Id(0)] string Resource, [property: Id(1)] ResourceAccess Access);
