using System.Security.Claims;
using AccessTokens.Api.Authentication;
using AccessTokens.Api.Errors;
using AccessTokens.Api.Users;
using AccessTokens.Api.Audit;
using AccessTokens.Catalog;
using AccessTokens.Common;
using AccessTokens.Tokens;
using AccessTokens.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using AccessTokens.Api.OpenApi;
using AccessTokens.Api.Lists;

namespace AccessTokens.Api.Tokens;

/// <summary>The <c>/api/v1/access-tokens</c> endpoints.</summary>
public static class AccessTokenEndpoints
{
    /// <summary>Maps the access token endpoints, all behind the admin policy.</summary>
    public static IEndpointRouteBuilder MapAccessTokenEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/access-tokens").WithTags("Access tokens").RequireAuthorization(AdminPolicy.Tokens);
        group.MapPost("/", CreateAsync).WithName("CreateAccessToken").ProducesFailures().WithSummary("Generate a token; its value is in this response only")
            .Audited(
                "token.create",
                (context, value) => (value as CreatedAccessTokenResponse)?.Id ?? "user:" + context.Arguments.OfType<CreateAccessTokenBody>().FirstOrDefault()?.User);
        group.MapGet("/", ListAsync).WithName("ListAccessTokens").WithSummary("List tokens, newest first");
        group.MapGet("/{id}", GetAsync).WithName("GetAccessToken").WithSummary("Get a token");
        group.MapPatch("/{id}", UpdateAsync).WithName("UpdateAccessToken").ProducesFailures().WithSummary("Change a token's name, rate limit, quota or allowed addresses")
            .Audited("token.update", AuditedEndpoints.Route("id"));
        group.MapPost("/{id}/rotate", RotateAsync).WithName("RotateAccessToken").ProducesFailures()
            .WithSummary("Replace a token with a new one (new id and value, in this response only); the old one works on through the overlap")
            .Audited("token.rotate", AuditedEndpoints.Route("id"));
        group.MapDelete("/{id}", RevokeAsync).WithName("RevokeAccessToken").ProducesFailures().WithSummary("Revoke a token, permanently")
            .Audited("token.revoke", AuditedEndpoints.Route("id"));
        return routes;
    }

    private static async Task<Results<Created<CreatedAccessTokenResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateAccessTokenBody body, ClaimsPrincipal principal, HttpContext context, IGrainFactory grains)
    {
        if (string.IsNullOrEmpty(body.User))
        {
            return Problems.Invalid("user", "The user is required.");
        }

        if (!UserRules.IsValidLogin(body.User))
        {
            return Problems.Invalid("user", UserRules.LoginMessage);
        }

        var request = new NewAccessToken(body.Name, body.Resources, body.ExpiryDate, body.ExpiresInDays, body.RateLimit, body.Quota, body.AllowedAddresses);
        return Issued(context, await grains.GetGrain<IUserGrain>(body.User).CreateTokenAsync(request, CallerPermissions.CallerOf(principal)));
    }

    private static async Task<Results<Ok<ListPage<AccessTokenView>>, ValidationProblem>> ListAsync(
        string? user, string? status, string? search, string? limit, string? cursor, IGrainFactory grains)
    {
        if (user is not null && !UserRules.IsValidLogin(user))
        {
            return Problems.Invalid("user", UserRules.LoginMessage);
        }

        TokenStatus? wanted = null;
        if (status is not null)
        {
            if (!TokenStatuses.TryParse(status, out var parsed))
            {
                return Problems.Invalid("status", "status must be one of: active, expired, revoked.");
            }

            wanted = parsed;
        }

        if (search is { Length: > TokenRules.MaxNameLength })
        {
            return Problems.Invalid("search", $"search must be at most {TokenRules.MaxNameLength} characters.");
        }

        if (!Paging.TryParseLimit(limit, out var size))
        {
            return Problems.Invalid("limit", Paging.LimitMessage);
        }

        TokenPosition? after = null;
        if (cursor is not null)
        {
            if (!Cursor.TryDecodeToken(cursor, out var position))
            {
                return Problems.Invalid("cursor", "The cursor is not valid; use the 'next' value of a previous page.");
            }

            after = position;
        }

        var query = new TokenQuery(user, wanted, string.IsNullOrEmpty(search) ? null : search, after, size);
        var page = await grains.GetGrain<ICatalogQueryGrain>(0).ListTokensAsync(query);
        return TypedResults.Ok(new ListPage<AccessTokenView>(page.Items, page.Next is { } next ? Cursor.Encode(next) : null));
    }

    private static async Task<Results<Ok<AccessTokenView>, ProblemHttpResult>> GetAsync(string id, IGrainFactory grains)
    {
        var token = TokenValue.IsTokenId(id) ? await grains.GetGrain<IAccessTokenGrain>(id).GetAsync() : null;
        return token is null ? Problems.NotFound($"No access token with id '{id}' exists.") : TypedResults.Ok(token);
    }

    private static async Task<Results<Ok<AccessTokenView>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string id, UpdateAccessTokenBody body, ClaimsPrincipal principal, IGrainFactory grains)
    {
        var result = TokenValue.IsTokenId(id)
            ? await grains.GetGrain<IAccessTokenGrain>(id).UpdateAsync(body.ToChanges(), CallerPermissions.CallerOf(principal))
            : null;
        switch (result)
        {
            case null:
                return Problems.NotFound($"No access token with id '{id}' exists.");
            case { Failure: { Kind: FailureKind.Validation } invalid }:
                return Problems.Invalid(invalid);
            case { Failure: { } refused }:
                return Problems.Of(refused);
            default:
                return TypedResults.Ok(result.Token!);
        }
    }

    private static async Task<Results<Created<CreatedAccessTokenResponse>, ValidationProblem, ProblemHttpResult>> RotateAsync(
        string id, RotateAccessTokenBody? body, ClaimsPrincipal principal, HttpContext context, IGrainFactory grains)
    {
        var token = TokenValue.IsTokenId(id) ? await grains.GetGrain<IAccessTokenGrain>(id).GetAsync() : null;
        if (token is null)
        {
            return Problems.NotFound($"No access token with id '{id}' exists.");
        }

        var rotation = new RotationRequest(body?.Overlap, body?.EndWhenUnusedFor);
        return Issued(context, await grains.GetGrain<IUserGrain>(token.User).RotateTokenAsync(id, rotation, CallerPermissions.CallerOf(principal)));
    }

    /// <summary>The answer to a creation or a rotation: the new token with its value, never cached, or why it was refused.</summary>
    internal static Results<Created<CreatedAccessTokenResponse>, ValidationProblem, ProblemHttpResult> Issued(HttpContext context, CreatedAccessToken created)
    {
        switch (created.Failure)
        {
            case { Kind: FailureKind.Validation } invalid:
                return Problems.Invalid(invalid);
            case { } refused:
                return Problems.Of(refused);
        }

        var token = created.Token!;
        // The one response that carries the value: no cache along the way, nor the browser's, may keep it.
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Pragma = "no-cache";
        return TypedResults.Created($"/api/v1/access-tokens/{token.Id}", CreatedAccessTokenResponse.From(token, created.Value!));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(string id, ClaimsPrincipal principal, IGrainFactory grains)
    {
        var result = TokenValue.IsTokenId(id)
            ? await grains.GetGrain<IAccessTokenGrain>(id).RevokeAsync(CallerPermissions.CallerOf(principal))
            : new RevokeResult(null, false);
        if (result.Refused is { } refused)
        {
            return Problems.Of(refused);
        }

        return result.Token is null ? Problems.NotFound($"No access token with id '{id}' exists.") : TypedResults.NoContent();
    }
}
