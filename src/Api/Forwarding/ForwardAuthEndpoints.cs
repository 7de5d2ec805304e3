using AccessTokens.Api.Authentication;
using AccessTokens.Api.Errors;
using AccessTokens.Profiles;
using AccessTokens.Resources;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace AccessTokens.Api.Forwarding;

/// <summary>
/// <c>/auth/forward</c>: the sub-request endpoint of nginx <c>auth_request</c>, Traefik <c>ForwardAuth</c> and
/// Envoy's HTTP <c>ext_authz</c>. The original request's path is mapped to a resource through the catalogue's
/// path prefixes (longest whole-segment prefix wins), then the credentials are checked for it and its method.
/// </summary>
public static class ForwardAuthEndpoints
{
    /// <summary>Headers a 200 answer carries for the upstream.</summary>
    public const string UserHeader = "X-Auth-User";

    /// <summary>The id of the presented token (absent for Basic credentials).</summary>
    public const string TokenIdHeader = "X-Auth-Token-Id";

    /// <summary>The resource the path mapped to.</summary>
    public const string ResourceHeader = "X-Auth-Resource";

    /// <summary>
    /// Maps the endpoint. <c>/auth/forward</c> reads the original URI and method from <c>X-Original-URI</c> /
    /// <c>X-Original-Method</c> (nginx) or <c>X-Forwarded-Uri</c> / <c>X-Forwarded-Method</c> (Traefik);
    /// <c>/auth/forward/{path}</c> with any method takes them from its own path and method (Envoy's
    /// <c>path_prefix</c>) when those headers are absent.
    /// </summary>
    public static IEndpointRouteBuilder MapForwardAuthEndpoints(this IEndpointRouteBuilder routes)
    {
        var verifier = routes.ServiceProvider.GetRequiredService<CredentialVerifier>();
        var grains = routes.ServiceProvider.GetRequiredService<IGrainFactory>();
        var failures = routes.ServiceProvider.GetServices<IExceptionHandler>().ToArray();
        // The cancellation token keeps the handler from looking like a bare RequestDelegate, which the
        // OpenAPI document would leave out.
        routes.MapGet("/auth/forward", (HttpContext context, CancellationToken aborted) =>
                ShortCircuitFailures.GuardAsync(ForwardAsync(context, null, verifier, grains), context, failures))
            .WithTags("Checks").WithName("ForwardAuth")
            .WithSummary("Forward authentication for nginx auth_request, Traefik ForwardAuth and Envoy ext_authz")
            .WithMetadata(
                new ProducesResponseTypeMetadata(StatusCodes.Status200OK),
                new ProducesResponseTypeMetadata(StatusCodes.Status400BadRequest, typeof(ProblemDetails), ["application/problem+json"]),
                new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(ProblemDetails), ["application/problem+json"]),
                new ProducesResponseTypeMetadata(StatusCodes.Status403Forbidden, typeof(ProblemDetails), ["application/problem+json"]))
            .DisableAntiforgery()
            .AllowAnonymous()
            .ShortCircuit();
        routes.Map("/auth/forward/{**path}", (HttpContext context, string? path) =>
                ShortCircuitFailures.GuardAsync(ForwardAsync(context, "/" + path, verifier, grains), context, failures))
            .WithTags("Checks").WithName("ForwardAuthByPath")
            .WithSummary("Forward authentication with the original path appended (Envoy ext_authz path_prefix)")
            .DisableAntiforgery()
            .AllowAnonymous()
            .ShortCircuit();
        return routes;
    }

    private static async Task ForwardAsync(HttpContext context, string? ownPath, CredentialVerifier verifier, IGrainFactory grains)
    {
        var headers = context.Request.Headers;
        string? uri = FirstOf(headers, "X-Original-URI", "X-Forwarded-Uri");
        string? method = FirstOf(headers, "X-Original-Method", "X-Forwarded-Method");
        if (uri is null && ownPath is not null)
        {
            uri = ownPath + context.Request.QueryString;
            method ??= context.Request.Method;
        }

        if (uri is null)
        {
            await Challenges.WriteAsync(context, new Verification(VerificationOutcome.Malformed,
                Problem: "Send the original request's URI in X-Original-URI (or X-Forwarded-Uri) and its method in X-Original-Method (or X-Forwarded-Method)."));
            return;
        }

        method ??= "GET";
        if (!MethodAccess.IsValid(method) || !ResourcePaths.TryNormalize(PathOf(uri), out var segments))
        {
            await Challenges.WriteAsync(context, new Verification(VerificationOutcome.Malformed,
                Problem: "The original URI or method cannot be read safely (a path must start with '/', stay below the root and hide no separator)."));
            return;
        }

        var resource = (await grains.GetGrain<IResourceCatalogGrain>(0).GetMapAsync()).Resolve(segments);
        if (resource is null)
        {
            await Challenges.WriteAsync(context, new Verification(VerificationOutcome.Forbidden,
                Problem: "No catalogued resource has a path prefix that matches this path."));
            return;
        }

        var verification = await verifier.VerifyAsync(context, new AccessRequest(resource, MethodAccess.AccessOf(method)));
        if (verification.Outcome != VerificationOutcome.Allowed)
        {
            await Challenges.WriteAsync(context, verification);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.Headers[UserHeader] = verification.User;
        context.Response.Headers[ResourceHeader] = resource;
        if (verification.TokenId is not null)
        {
            context.Response.Headers[TokenIdHeader] = verification.TokenId;
        }
    }

    private static string? FirstOf(IHeaderDictionary headers, string first, string second)
    {
        var value = headers[first];
        if (value.Count == 0)
        {
            value = headers[second];
        }

        return value.Count == 1 && !string.IsNullOrEmpty(value[0]) ? value[0] : null;
    }

    // Proxies send a path with its query; some send an absolute URI.
    private static string PathOf(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https"
            ? absolute.GetComponents(UriComponents.Path | UriComponents.KeepDelimiter, UriFormat.UriEscaped)
            : uri;
}
