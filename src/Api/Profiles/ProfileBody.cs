using AccessTokens.Api.Definitions;
using AccessTokens.Profiles;

namespace AccessTokens.Api.Profiles;

/// <summary>Body of <c>POST /api/v1/profiles</c> and <c>PATCH /api/v1/profiles/{name}</c> (name only in POST).</summary>
public sealed record ProfileBody(
    string? Name = null,
    string? Description = null,
    bool? AllResources = null,
    IReadOnlyList<ResourceGrant?>? Resources = null,
    IReadOnlyList<string?>? Permissions = null) : IDefinitionBody<ProfileDefinition>
{
    /// <summary>The definition the profile catalog validates.</summary>
    public ProfileDefinition ToDefinition() => new(Description, AllResources, Resources, Permissions);
}
