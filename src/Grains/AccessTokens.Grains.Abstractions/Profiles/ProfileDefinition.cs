namespace AccessTokens.Profiles;

/// <summary>
/// A profile as an administrator sent it, unchecked: the profile catalog validates it. In a change, a null
/// field keeps its current value.
/// </summary>
[GenerateSerializer, Immutable, Alias("AccessTokens.ProfileDefinition")]
public sealed record ProfileDefinition(
    [property: Id(0)] string? Description,
    [property: Id(1)] bool? AllResources,
    [property: Id(2)] IReadOnlyList<ResourceGrant?>? Resources,
    [property: Id(3)] IReadOnlyList<string?>? Permissions);
