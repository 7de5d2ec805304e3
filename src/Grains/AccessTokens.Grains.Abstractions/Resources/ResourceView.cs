using AccessTokens.Definitions;

namespace AccessTokens.Resources;

/// <summary>A catalogued resource.</summary>
[GenerateSerializer, Immutable, Alias("AccessTokens.ResourceView")]
public sealed record ResourceView(
    [property: Id(0)] string Name,
    [property: Id(1)] string Description,
    [property: Id(2)] IReadOnlyList<string> PathPrefixes,
    [property: Id(3)] bool BuiltIn,
    [property: Id(4)] DateTimeOffset CreatedAt) : INamed;
