using AccessTokens.Definitions;

namespace AccessTokens.Profiles;

/// <summary>A profile as administrators see it.</summary>
[GenerateSerializer, Immutable, Alias("AccessTokens.ProfileView")]
public sealed record ProfileView(
    [property: Id(0)] string Name,
    [property: Id(1)] string Description,
    [property: Id(2)] bool AllResources,
    [property: Id(3)] IReadOnlyList<ResourceGrant> Resources,
    [property: Id(4)] IReadOnlyList<string> Permissions,
    [property: Id(5)] bool BuiltIn,
    [property: Id(6)] DateTimeOffset CreatedAt) : INamed;
