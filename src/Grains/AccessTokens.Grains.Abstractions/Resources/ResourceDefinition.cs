namespace AccessTokens.Resources;

/// <summary>A resource as an administrator sent it, unchecked. In a change, a null field keeps its current value.</summary>
[GenerateSerializer, Immutable, Alias("AccessTokens.ResourceDefinition")]
public sealed record ResourceDefinition(
    [property: Id(0)] string? Description,
    [property: Id(1)] IReadOnlyList<string?>? PathPrefixes);
