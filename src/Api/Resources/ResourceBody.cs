using AccessTokens.Api.Definitions;
using AccessTokens.Resources;

namespace AccessTokens.Api.Resources;

/// <summary>Body of <c>POST /api/v1/resources</c> and <c>PATCH /api/v1/resources/{name}</c> (name only in POST).</summary>
public sealed record ResourceBody(string? Name = null, string? Description = null, IReadOnlyList<string?>? PathPrefixes = null) : IDefinitionBody<ResourceDefinition>
{
    /// <summary>The definition the resource catalogue validates.</summary>
    public ResourceDefinition ToDefinition() => new(Description, PathPrefixes);
}
