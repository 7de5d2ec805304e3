using AccessTokens.Api.Definitions;
using AccessTokens.Resources;
using AccessTokens.Tokens;

namespace AccessTokens.Api.Resources;

/// <summary>The <c>/api/v1/resources</c> endpoints.</summary>
public static class ResourceEndpoints
{
    /// <summary>What the resource endpoints are called and check before the resource catalogue decides.</summary>
    public static readonly DefinitionRoutes Routes = new(
        "Resource",
        "/api/v1/resources",
        "Resources",
        TokenRules.IsValidResource,
        TokenRules.ResourceMessage,
        "A resource cannot be renamed: tokens name it.",
        ("Catalogue a resource", "List resources", "Get a resource",
            "Change a resource's description or path prefixes", "Delete a resource no profile and no live token names"));

    /// <summary>Maps the resource endpoints: reads for token or user administrators, changes for user administrators.</summary>
    public static IEndpointRouteBuilder MapResourceEndpoints(this IEndpointRouteBuilder routes) =>
        routes.MapDefinitions<IResourceCatalogGrain, ResourceBody, ResourceDefinition, ResourceView>(Routes);
}
