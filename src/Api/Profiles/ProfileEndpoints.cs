using System.Security.Claims;
using AccessTokens.Api.Audit;
using AccessTokens.Api.Authentication;
using AccessTokens.Api.Errors;
using AccessTokens.Api.Users;
using AccessTokens.Common;
using AccessTokens.Profiles;
using Microsoft.AspNetCore.Http.HttpResults;
using AccessTokens.Api.OpenApi;
using AccessTokens.Api.Lists;

namespace AccessTokens.Api.Profiles;

/// <summary>The <c>/api/v1/profiles</c> endpoints.</summary>
public static class ProfileEndpoints
{
    /// <summary>Maps the profile endpoints: reads for token or user administrators, changes for user administrators.</summary>
    public static IEndpointRouteBuilder MapProfileEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/profiles").WithTags("Profiles");
        group.MapPost("/", CreateAsync).WithName("CreateProfile").ProducesFailures().WithSummary("Create a profile")
            .RequireAuthorization(AdminPolicy.Users)
            .Audited("profile.create", (context, _) => context.Arguments.OfType<ProfileBody>().FirstOrDefault()?.Name);
        group.MapGet("/", ListAsync).WithName("ListProfiles").WithSummary("List profiles").RequireAuthorization(AdminPolicy.Directory);
        group.MapGet("/{name}", GetAsync).WithName("GetProfile").WithSummary("Get a profile").RequireAuthorization(AdminPolicy.Directory);
        group.MapPatch("/{name}", UpdateAsync).WithName("UpdateProfile").ProducesFailures()
            .WithSummary("Change a profile; every token of its users follows the change from its next check")
            .RequireAuthorization(AdminPolicy.Users)
            .Audited("profile.update", AuditedEndpoints.Route("name"));
        group.MapDelete("/{name}", DeleteAsync).WithName("DeleteProfile").ProducesFailures().WithSummary("Delete a profile no user has")
            .RequireAuthorization(AdminPolicy.Users)
            .Audited("profile.delete", AuditedEndpoints.Route("name"));
        return routes;
    }

    private static async Task<Results<Created<ProfileView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        ProfileBody body, ClaimsPrincipal principal, IGrainFactory grains)
    {
        if (!ProfileRules.IsValidName(body.Name))
        {
            return Problems.Invalid("name", ProfileRules.NameMessage);
        }

        var result = await Catalog(grains).CreateAsync(body.Name, body.ToDefinition(), CallerPermissions.CallerOf(principal));
        return result.Failure switch
        {
            { Kind: FailureKind.Validation } invalid => Problems.Invalid(invalid),
            { } refused => Problems.Of(refused),
            null => TypedResults.Created($"/api/v1/profiles/{result.Profile!.Name}", result.Profile),
        };
    }

    private static async Task<Ok<ListPage<ProfileView>>> ListAsync(IGrainFactory grains) =>
        TypedResults.Ok(new ListPage<ProfileView>(await Catalog(grains).ListAsync(), null));

    private static async Task<Results<Ok<ProfileView>, ProblemHttpResult>> GetAsync(string name, IGrainFactory grains)
    {
        var profile = await Catalog(grains).GetAsync(name);
        return profile is null ? Problems.NotFound($"No profile named '{name}' exists.") : TypedResults.Ok(profile);
    }

    private static async Task<Results<Ok<ProfileView>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string name, ProfileBody body, ClaimsPrincipal principal, IGrainFactory grains)
    {
        if (body.Name is not null && body.Name != name)
        {
            return Problems.Invalid("name", "A profile cannot be renamed; create a new one and move its users.");
        }

        var result = await Catalog(grains).UpdateAsync(name, body.ToDefinition(), CallerPermissions.CallerOf(principal));
        return result.Failure switch
        {
            { Kind: FailureKind.Validation } invalid => Problems.Invalid(invalid),
            { } refused => Problems.Of(refused),
            null => TypedResults.Ok(result.Profile!),
        };
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string name, ClaimsPrincipal principal, IGrainFactory grains) =>
        await Catalog(grains).DeleteAsync(name, CallerPermissions.CallerOf(principal)) is { } refused ? Problems.Of(refused) : TypedResults.NoContent();

    private static IProfileCatalogGrain Catalog(IGrainFactory grains) => grains.GetGrain<IProfileCatalogGrain>(0);
}
