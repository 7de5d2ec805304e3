using System.Buffers;
using AccessTokens.Api.Authentication;
using AccessTokens.Api.Errors;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using AccessTokens.Profiles;
using AccessTokens.Tokens;
using AccessTokens.Api.OpenApi;

namespace AccessTokens.Api.Checks;

/// <summary>The hot path: <c>GET /api/v1/auth/check</c>, answered by one grain call.</summary>
public static class AuthCheckEndpoints
{
    /// <summary>
    /// Maps the check endpoint. It authenticates by itself (no authentication middleware runs on it) and
    /// writes its JSON directly: no result machinery or serializer on the path every gateway request takes.
    /// </summary>
    public static IEndpointRouteBuilder MapAuthCheckEndpoints(this IEndpointRouteBuilder routes)
    {
        // The verifier is a singleton taken once here: resolving it per request would open a service scope
        // on every check.
        var verifier = routes.ServiceProvider.GetRequiredService<CredentialVerifier>();
        var failures = routes.ServiceProvider.GetServices<IExceptionHandler>().ToArray();
        routes.MapGet("/api/v1/auth/check", (string? resource, string? method, string? address, HttpContext context) =>
                ShortCircuitFailures.GuardAsync(CheckAsync(resource, method, address, context, verifier), context, failures))
            .WithTags("Checks")
            .WithName("CheckAccess")
            .WithSummary("Check the caller's Authorization header for a resource and method (default GET) from the client's address (default the caller's); updates the token's date of last use")
            .WithMetadata(
                new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(CheckResponse), ["application/json"]),
                new ProducesResponseTypeMetadata(StatusCodes.Status400BadRequest, typeof(ProblemDetails), ["application/problem+json"]),
                new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(ProblemDetails), ["application/problem+json"]),
                new ProducesResponseTypeMetadata(StatusCodes.Status403Forbidden, typeof(ProblemDetails), ["application/problem+json"]),
                new ProducesResponseTypeMetadata(StatusCodes.Status429TooManyRequests, typeof(ProblemDetails), ["application/problem+json"]),
                new AcceptedCredentials(ContractDocument.Bearer, ContractDocument.Basic))
            .AllowAnonymous()
            // Straight from routing to the handler: no other middleware has anything to do on the hot path.
            .ShortCircuit();
        return routes;
    }

    private static async Task CheckAsync(string? resource, string? method, string? address, HttpContext context, CredentialVerifier verifier)
    {
        if (!TokenRules.IsValidResource(resource))
        {
            await Challenges.WriteAsync(context, new Verification(
                VerificationOutcome.Malformed,
                Problem: $"Name the resource to check: ?resource=<name>. {TokenRules.ResourceMessage}"));
            return;
        }

        if (method is not null && !MethodAccess.IsValid(method))
        {
            await Challenges.WriteAsync(context, new Verification(
                VerificationOutcome.Malformed,
                Problem: $"method must be an HTTP method such as GET or POST (letters only, at most {MethodAccess.MaxLength})."));
            return;
        }

        // The end client's address, as the resource server saw it; by default the caller's own.
        System.Net.IPAddress? client = null;
        if (address is not null && !AddressRules.TryParseAddress(address, out client))
        {
            await Challenges.WriteAsync(context, new Verification(
                VerificationOutcome.Malformed,
                Problem: "address must be the client's IPv4 address (four-part dotted form) or IPv6 address (without a zone)."));
            return;
        }

        var access = method is null ? ResourceAccess.Read : MethodAccess.AccessOf(method);
        var verification = await verifier.VerifyAsync(context, new AccessRequest(resource, access, Address: client));
        if (verification.Outcome != VerificationOutcome.Allowed)
        {
            await Challenges.WriteAsync(context, verification);
            return;
        }

        // Written whole before it is sent, so it goes with its length in one write rather than as chunks.
        RateLimitHeaders.Write(context.Response, verification.Limits);
        var body = CheckBody.Write(verification.User!, verification.TokenId, resource, verification.ExpiresAt, verification.Limits?.RemainingUses);
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = body.Length;
        context.Response.BodyWriter.Write(body);
        await context.Response.BodyWriter.FlushAsync();
    }
}
