using System.Text.Json;
using AccessTokens.Api.Audit;
using AccessTokens.Api.Authentication;
using AccessTokens.Api.Errors;
using AccessTokens.Api.Tokens;
using AccessTokens.Common;
using AccessTokens.Users;
using AccessTokens.Profiles;
using AccessTokens.Tokens;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using AccessTokens.Api.OpenApi;

namespace AccessTokens.Api.OAuth;

/// <summary>
/// Endpoints other systems already speak: the presented token's own record (as GitLab has it), RFC 7662
/// introspection and RFC 7009 revocation.
/// </summary>
public static class OAuthEndpoints
{
    /// <summary>Maps <c>/api/v1/access-tokens/self</c>, <c>/oauth2/introspect</c> and <c>/oauth2/revoke</c>.</summary>
    public static IEndpointRouteBuilder MapOAuthEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/access-tokens/self", SelfAsync).WithTags("Access tokens").WithName("GetOwnAccessToken")
            .WithSummary("The record of the bearer token presented with this request")
            .WithMetadata(new AcceptedCredentials(ContractDocument.Bearer))
            .ProducesProblems(StatusCodes.Status400BadRequest)
            .AllowAnonymous();
        routes.MapPost("/api/v1/access-tokens/self/rotate", RotateSelfAsync).WithTags("Access tokens").WithName("RotateOwnAccessToken")
            .WithSummary("Replace the bearer token presented with a new one (for pipelines); the new value is in this response only")
            .WithMetadata(new AcceptedCredentials(ContractDocument.Bearer))
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict)
            .DisableAntiforgery()
            .AllowAnonymous();
        routes.MapPost("/oauth2/introspect", IntrospectAsync).WithTags("Standards").WithName("IntrospectToken")
            .WithSummary("RFC 7662 token introspection (form token=...); needs the introspect permission")
            .DisableAntiforgery()
            .WithMetadata(new FormRequestBody(typeof(TokenForm)))
            .WithMetadata(AdminReadAccess.Instance, OAuthClientAuthentication.Instance, new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(IntrospectionResponse), ["application/json"]))
            .RequireAuthorization(AdminPolicy.Introspect);
        routes.MapPost("/oauth2/revoke", RevokeAsync).WithTags("Standards").WithName("RevokeOwnToken")
            .WithSummary("RFC 7009 revocation (form token=...) with that same token as bearer credentials, or by its user's Basic client credentials")
            .DisableAntiforgery()
            .WithMetadata(new FormRequestBody(typeof(TokenForm)))
            .WithMetadata(new AcceptedCredentials(ContractDocument.Bearer, ContractDocument.Basic))
            .ProducesProblems(StatusCodes.Status400BadRequest)
            .AllowAnonymous();
        return routes;
    }

    // The endpoints about the presented token itself: a working bearer token, or the refusal is written and null returned.
    private static async Task<Verification?> VerifyOwnBearerAsync(HttpContext context, CredentialParser parser, CredentialVerifier verifier, string basicProblem)
    {
        var credential = parser.Parse(context.Request.Headers.Authorization);
        if (credential.Kind == CredentialKind.Basic)
        {
            await Challenges.WriteAsync(context, new Verification(VerificationOutcome.Malformed, Problem: basicProblem));
            return null;
        }

        var verification = await verifier.VerifyAsync(credential, context, new AccessRequest(null, ResourceAccess.Read));
        if (verification.Outcome != VerificationOutcome.Allowed)
        {
            await Challenges.WriteAsync(context, verification);
            return null;
        }

        return verification;
    }

    private static async Task<Results<Ok<AccessTokenView>, EmptyHttpResult>> SelfAsync(
        HttpContext context, CredentialParser parser, CredentialVerifier verifier, IGrainFactory grains)
    {
        if (await VerifyOwnBearerAsync(context, parser, verifier, "This endpoint describes the presented bearer token; Basic credentials have none.") is not { } verification)
        {
            return TypedResults.Empty;
        }

        var token = await grains.GetGrain<IAccessTokenGrain>(verification.TokenId!).GetAsync();
        if (token is null)
        {
            await Challenges.WriteAsync(context, Verification.Invalid);
            return TypedResults.Empty;
        }

        return TypedResults.Ok(token);
    }

    // A token rotates itself with its own value as bearer credentials: it must work, and the rotation is its user's.
    private static async Task<Results<Created<CreatedAccessTokenResponse>, ValidationProblem, ProblemHttpResult, EmptyHttpResult>> RotateSelfAsync(
        RotateAccessTokenBody? body, HttpContext context, CredentialParser parser, CredentialVerifier verifier, IGrainFactory grains, AuditTrail audit)
    {
        if (await VerifyOwnBearerAsync(context, parser, verifier, "A token rotates itself: present it as bearer credentials.") is not { } verification)
        {
            return TypedResults.Empty;
        }

        var caller = new Caller(verification.User!, verification.Profile ?? string.Empty, verification.Permissions, verification.TokenId, verification.TokenCreatedBy);
        var created = await grains.GetGrain<IUserGrain>(verification.User!).RotateTokenAsync(
            verification.TokenId!, new RotationRequest(body?.Overlap, body?.EndWhenUnusedFor), caller);
        var answer = AccessTokenEndpoints.Issued(context, created);
        if (created.Token is not null)
        {
            await audit.RecordAsync(context, verification.User!, "token.rotate", verification.TokenId!, "success", verification.TokenId, verification.TokenCreatedBy);
        }

        return answer.Result switch
        {
            Created<CreatedAccessTokenResponse> done => done,
            ValidationProblem invalid => invalid,
            ProblemHttpResult refused => refused,
            _ => TypedResults.Empty,
        };
    }

    private static async Task<Results<JsonHttpResult<IntrospectionResponse>, ValidationProblem>> IntrospectAsync(
        HttpContext context, IGrainFactory grains, TokenIdAuthority ids, IOptions<AccessTokensOptions> options)
    {
        if (await ReadTokenAsync(context) is not { } value)
        {
            return Problems.Invalid("token", "Send the token to introspect as an application/x-www-form-urlencoded field: token=<value>.");
        }

        context.Response.Headers.CacheControl = "no-store";
        if (!TokenValue.TryParse(value, options.Value.TokenPrefix, out var tokenId, out var secretHash) || !ids.MayBeIssued(tokenId))
        {
            return TypedResults.Json(IntrospectionResponse.Inactive, Json);
        }

        var found = await grains.GetGrain<IAccessTokenGrain>(tokenId).IntrospectAsync(secretHash);
        return TypedResults.Json(found is null ? IntrospectionResponse.Inactive : IntrospectionResponse.From(found), Json);
    }

    private static async Task<Results<Ok, ValidationProblem, EmptyHttpResult>> RevokeAsync(
        HttpContext context, CredentialParser parser, CredentialVerifier verifier, IGrainFactory grains,
        AuditTrail audit, TokenIdAuthority ids, IOptions<AccessTokensOptions> options)
    {
        var credential = parser.Parse(context.Request.Headers.Authorization, oauthClient: true);
        if (credential.Kind == CredentialKind.Basic)
        {
            return await RevokeAsClientAsync(context, credential, verifier, grains, audit, ids, options);
        }

        if (credential.Kind != CredentialKind.Bearer)
        {
            await Challenges.WriteAsync(context, credential.Kind switch
            {
                CredentialKind.None => Verification.NoCredentials,
                CredentialKind.Malformed => new Verification(VerificationOutcome.Malformed, Problem: credential.Problem),
                _ => Verification.Invalid,
            });
            return TypedResults.Empty;
        }

        if (await ReadTokenAsync(context) is not { } value)
        {
            return Problems.Invalid("token", "Send the token to revoke as an application/x-www-form-urlencoded field: token=<value>.");
        }

        // RFC 7009 §2.2: an invalid or unknown token is not an error; the answer is 200 either way.
        if (!TokenValue.TryParse(value, options.Value.TokenPrefix, out var tokenId, out var secretHash) || !ids.MayBeIssued(tokenId))
        {
            return TypedResults.Ok();
        }

        if (tokenId == credential.TokenId && secretHash.AsSpan().SequenceEqual(credential.SecretHash))
        {
            if (await grains.GetGrain<IAccessTokenGrain>(tokenId).RevokeOwnAsync(secretHash) is { } revoked)
            {
                await audit.RecordAsync(context, revoked.User, "token.revoke", tokenId, "success", tokenId, revoked.CreatedBy);
            }

            return TypedResults.Ok();
        }

        // Another token than the credentials: only its holder may revoke it. Valid credentials learn nothing
        // about a token whose secret they do not hold.
        var verification = await verifier.VerifyAsync(credential, context, new AccessRequest(null, ResourceAccess.Read));
        if (verification.Outcome != VerificationOutcome.Allowed)
        {
            await Challenges.WriteAsync(context, verification);
            return TypedResults.Empty;
        }

        if (await grains.GetGrain<IAccessTokenGrain>(tokenId).IntrospectAsync(secretHash) is not null)
        {
            await Challenges.WriteAsync(context, verification with
            {
                Outcome = VerificationOutcome.Forbidden,
                Problem = "A token can only be revoked with itself as bearer credentials.",
            });
            return TypedResults.Empty;
        }

        return TypedResults.Ok();
    }

    // RFC 7009 with client authentication, as OAuth client libraries send it: the client is a user signing in with
    // Basic credentials, and a token is "issued to" it when it is the token's user. Others' tokens are revoked by
    // their administrators through DELETE /api/v1/access-tokens/{id}.
    private static async Task<Results<Ok, ValidationProblem, EmptyHttpResult>> RevokeAsClientAsync(
        HttpContext context, PresentedCredential credential, CredentialVerifier verifier, IGrainFactory grains,
        AuditTrail audit, TokenIdAuthority ids, IOptions<AccessTokensOptions> options)
    {
        var verification = await verifier.VerifyAsync(credential, context, new AccessRequest(null, ResourceAccess.Read));
        if (verification.Outcome != VerificationOutcome.Allowed)
        {
            await Challenges.WriteAsync(context, verification);
            return TypedResults.Empty;
        }

        if (await ReadTokenAsync(context) is not { } value)
        {
            return Problems.Invalid("token", "Send the token to revoke as an application/x-www-form-urlencoded field: token=<value>.");
        }

        if (!TokenValue.TryParse(value, options.Value.TokenPrefix, out var tokenId, out var secretHash) || !ids.MayBeIssued(tokenId))
        {
            return TypedResults.Ok();
        }

        var token = grains.GetGrain<IAccessTokenGrain>(tokenId);
        if (await token.IntrospectAsync(secretHash) is not { } found)
        {
            return TypedResults.Ok();
        }

        if (found.User != verification.User)
        {
            await Challenges.WriteAsync(context, verification with
            {
                Outcome = VerificationOutcome.Forbidden,
                Problem = "A client revokes only its own tokens; an administrator revokes others' with DELETE /api/v1/access-tokens/{id}.",
            });
            return TypedResults.Empty;
        }

        if (await token.RevokeOwnAsync(secretHash) is not null)
        {
            await audit.RecordAsync(context, verification.User!, "token.revoke", tokenId, "success");
        }

        return TypedResults.Ok();
    }

    private static async Task<string?> ReadTokenAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType)
        {
            return null;
        }

        var form = await context.Request.ReadFormAsync();
        return form["token"] is { Count: 1 } values && !string.IsNullOrEmpty(values[0]) ? values[0] : null;
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}
