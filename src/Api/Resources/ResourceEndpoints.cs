using System.Security.Claims;
using AccessTokens.Api.Audit;
using AccessTokens.Api.Authentication;
using AccessTokens.Api.Errors;
using AccessTokens.Api.Users;
using AccessTokens.Common;
using AccessTokens.Resources;
using AccessTokens.Tokens;
using Microsoft.AspNetCore.Http.HttpResults;
using AccessTokens.Api.OpenApi;
using AccessTokens.Api.Lists;

namespace AccessTokens.Api.Resources;

/// <summary>The <c>/api/v1/resources</c> endpoints.</summary>
public static class ResourceEndpoints
{
    /// <summary>Maps the resource endpoints: reads for token or user administrators, changes for user administrators.</summary>
    public static IEndpointRouteBuilder MapResourceEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/resources").WithTags("Resources");
        group.MapPost("/", CreateAsync).WithName("CreateResource").ProducesFailures().WithSummary("Catalogue a resource")
            .RequireAuthorization(AdminPolicy.Users)
            .Audited("resource.create", (context, _) => context.Arguments.OfType<ResourceBody>().FirstOrDefault()?.Name);
        group.MapGet("/", ListAsync).WithName("ListResources").WithSummary("List resources").RequireAuthorization(AdminPolicy.Directory);
        group.MapGet("/{name}", GetAsync).WithName("GetResource").WithSummary("Get a resource").RequireAuthorization(AdminPolicy.Directory);
        group.MapPatch("/{name}", UpdateAsync).WithName("UpdateResource").ProducesFailures().WithSummary("Change a resource's description or path prefixes")
            .RequireAuthorization(AdminPolicy.Users)
            .Audited("resource.update", AuditedEndpoints.Route("name"));
        group.MapDelete("/{name}", DeleteAsync).WithName("DeleteResource").ProducesFailures().WithSummary("Delete a resource no profile and no live token names")
            .RequireAuthorization(AdminPolicy.Users)
            .Audited("resource.delete", AuditedEndpoints.Route("name"));
        return routes;
    }

    private static async Task<Results<Created<ResourceView>, ValidationProblem, ProblemHttpResult>> CreateAsync(ResourceBody body, IGrainFactory grains)
    {
        if (!TokenRules.IsValidResource(body.Name))
        {
            return Problems.Invalid("name", TokenRules.ResourceMessage);
        }

        var result = await Catalog(grains).CreateAsync(body.Name, body.ToDefinition());
        return result.Failure switch
        {
            { Kind: FailureKind.Validation } invalid => Problems.Invalid(invalid),
            { } refused => Problems.Of(refused),
            null => TypedResults.Created($"/api/v1/resources/{result.Resource!.Name}", result.Resource),
        };
    }

    private static async Task<Ok<ListPage<ResourceView>>> ListAsync(IGrainFactory grains) =>
        TypedResults.Ok(new ListPage<ResourceView>(await Catalog(grains).ListAsync(), null));

    private static async Task<Results<Ok<ResourceView>, ProblemHttpResult>> GetAsync(string name, IGrainFactory grains)
    {
        var resource = await Catalog(grains).GetAsync(name);
        return resource is null ? Problems.NotFound($"No resource named '{name}' exists.") : TypedResults.Ok(resource);
    }

    private static async Task<Results<Ok<ResourceView>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string name, ResourceBody body, ClaimsPrincipal principal, IGrainFactory grains)
    {
        if (body.Name is not null && body.Name != name)
        {
            return Problems.Invalid("name", "A resource cannot be renamed: tokens name it.");
        }

        var result = await Catalog(grains).UpdateAsync(name, body.ToDefinition(), CallerPermissions.CallerOf(principal));
        return result.Failure switch
        {
            { Kind: FailureKind.Validation } invalid => Problems.Invalid(invalid),
            { } refused => Problems.Of(refused),
            null => TypedResults.Ok(result.Resource!),
        };
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string name, ClaimsPrincipal principal, IGrainFactory grains) =>
        await Catalog(grains).DeleteAsync(name, CallerPermissions.CallerOf(principal)) is { } refused ? Problems.Of(refused) : TypedResults.NoContent();

    private static IResourceCatalogGrain Catalog(IGrainFactory grains) => grains.GetGrain<IResourceCatalogGrain>(0);
}
