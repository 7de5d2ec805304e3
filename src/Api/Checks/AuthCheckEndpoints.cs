using AccessTokens.Api.Authentication;
using AccessTokens.Api.Errors;
using AccessTokens.Tokens;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AccessTokens.Api.Checks;

/// <summary>The hot path: <c>GET /api/v1/auth/check</c>, answered by one grain call.</summary>
public static class AuthCheckEndpoints
{
    /// <summary>Maps the check endpoint. It authenticates by itself: no authentication middleware runs on it.</summary>
    public static IEndpointRouteBuilder MapAuthCheckEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/auth/check", CheckAsync)
            .WithTags("Checks")
            .WithName("CheckAccess")
            .WithSummary("Check the caller's Authorization header for a resource; updates the token's date of last use")
            .AllowAnonymous();
        return routes;
    }

    private static async Task<Results<Ok<CheckResponse>, ChallengeResult>> CheckAsync(
        string? resource, HttpContext context, CredentialVerifier verifier)
    {
        if (!TokenRules.IsValidResource(resource))
        {
            return new ChallengeResult(new Verification(
                VerificationOutcome.Malformed,
                Problem: $"Name the resource to check: ?resource=<name>. {TokenRules.ResourceMessage}"));
        }

        var verification = await verifier.VerifyAsync(context.Request, resource!);
        return verification.Outcome == VerificationOutcome.Allowed
            ? TypedResults.Ok(new CheckResponse(verification.User!, verification.TokenId, resource!, verification.ExpiresAt))
            : new ChallengeResult(verification);
    }
}
