using System.Security.Claims;
using AccessTokens.Api.Audit;
using AccessTokens.Api.Authentication;
using AccessTokens.Api.Errors;
using AccessTokens.Catalog;
using AccessTokens.Common;
using AccessTokens.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using AccessTokens.Api.OpenApi;
using AccessTokens.Api.Lists;

namespace AccessTokens.Api.Users;

/// <summary>The <c>/api/v1/users</c> endpoints.</summary>
public static class UserEndpoints
{
    /// <summary>Maps the user endpoints, all behind the admin policy.</summary>
    public static IEndpointRouteBuilder MapUserEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/users").WithTags("Users");
        group.MapPost("/", CreateAsync).WithName("CreateUser").ProducesFailures().WithSummary("Create a user")
            .RequireAuthorization(AdminPolicy.Users)
            .Audited("user.create", (context, _) => context.Arguments.OfType<CreateUserBody>().FirstOrDefault()?.Login);
        group.MapGet("/", ListAsync).WithName("ListUsers").WithSummary("List users by login").RequireAuthorization(AdminPolicy.Directory);
        group.MapGet("/{login}", GetAsync).WithName("GetUser").WithSummary("Get a user").RequireAuthorization(AdminPolicy.Directory);
        group.MapPatch("/{login}", UpdateAsync).WithName("UpdateUser").ProducesFailures().WithSummary("Change a user's name, profile, active flag or password")
            .RequireAuthorization(AdminPolicy.Users)
            .Audited("user.update", AuditedEndpoints.Route("login"));
        return routes;
    }

    private static async Task<Results<Created<UserView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateUserBody body, ClaimsPrincipal principal, IGrainFactory grains)
    {
        if (!UserRules.IsValidLogin(body.Login))
        {
            return Problems.Invalid("login", UserRules.LoginMessage);
        }

        var result = await grains.GetGrain<IUserGrain>(body.Login!).CreateAsync(new NewUser(body.Name, body.Profile, body.Password), CallerPermissions.CallerOf(principal));
        return result.Failure switch
        {
            { Kind: FailureKind.Validation } invalid => Problems.Invalid(invalid),
            { } refused => Problems.Of(refused),
            null => TypedResults.Created($"/api/v1/users/{result.User!.Login}", result.User),
        };
    }

    private static async Task<Results<Ok<ListPage<UserView>>, ValidationProblem>> ListAsync(
        string? limit, string? cursor, IGrainFactory grains)
    {
        if (!Paging.TryParseLimit(limit, out var size))
        {
            return Problems.Invalid("limit", Paging.LimitMessage);
        }

        string? after = null;
        if (cursor is not null)
        {
            if (!Cursor.TryDecodeUser(cursor, out var login))
            {
                return Problems.Invalid("cursor", "The cursor is not valid; use the 'next' value of a previous page.");
            }

            after = login;
        }

        var page = await grains.GetGrain<IUserQueryGrain>(0).ListUsersAsync(after, size);
        return TypedResults.Ok(new ListPage<UserView>(page.Items, page.NextAfter is null ? null : Cursor.Encode(page.NextAfter)));
    }

    private static async Task<Results<Ok<UserView>, ProblemHttpResult>> GetAsync(string login, IGrainFactory grains)
    {
        var user = UserRules.IsValidLogin(login) ? await grains.GetGrain<IUserGrain>(login).GetAsync() : null;
        return user is null ? Problems.NotFound($"No user with login '{login}' exists.") : TypedResults.Ok(user);
    }

    private static async Task<Results<Ok<UserView>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string login, UpdateUserBody body, ClaimsPrincipal principal, IGrainFactory grains)
    {
        if (!UserRules.IsValidLogin(login))
        {
            return Problems.NotFound($"No user with login '{login}' exists.");
        }

        var result = await grains.GetGrain<IUserGrain>(login).UpdateAsync(new UserChanges(body.Name, body.Profile, body.Active, body.Password), CallerPermissions.CallerOf(principal));
        return result.Failure switch
        {
            { Kind: FailureKind.Validation } invalid => Problems.Invalid(invalid),
            { } refused => Problems.Of(refused),
            null => TypedResults.Ok(result.User!),
        };
    }
}
