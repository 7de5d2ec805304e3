using AccessTokens.Api.Definitions;
using AccessTokens.Profiles;

namespace AccessTokens.Api.Profiles;

/// <summary>The <c>/api/v1/profiles</c> endpoints.</summary>
public static class ProfileEndpoints
{
    /// <summary>What the profile endpoints are called and check before the profile catalog decides.</summary>
    public static readonly DefinitionRoutes Routes = new(
        "Profile",
        "/api/v1/profiles",
        "Profiles",
        ProfileRules.IsValidName,
        ProfileRules.NameMessage,
        "A profile cannot be renamed; create a new one and move its users.",
        ("Create a profile", "List profiles", "Get a profile",
            "Change a profile; every token of its users follows the change from its next check", "Delete a profile no user has"));

    /// <summary>Maps the profile endpoints: reads for token or user administrators, changes for user administrators.</summary>
    public static IEndpointRouteBuilder MapProfileEndpoints(this IEndpointRouteBuilder routes) =>
        routes.MapDefinitions<IProfileCatalogGrain, ProfileBody, ProfileDefinition, ProfileView>(Routes);
}
