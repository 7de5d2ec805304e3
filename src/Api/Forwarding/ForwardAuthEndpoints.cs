using AccessTokens.Api.Authentication;
using AccessTokens.Api.Errors;
using AccessTokens.Profiles;
using AccessTokens.Resources;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using AccessTokens.Api.OpenApi;

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

    /// <summary>The id of the presented token (empty for Basic credentials).</summary>
    public const string TokenIdHeader = "X-Auth-Token-Id";

    /// <summary>The resource the path mapped to.</summary>
    public const string ResourceHeader = "X-Auth-Resource";

    /// <summary>
    /// Maps the endpoint. <c>/auth/forward</c> reads the original URI and method from the one header family
    /// <see cref="ForwardAuthOptions.Headers"/> names, and refuses a request that also carries the other family's;
    /// <c>/auth/forward/{path}</c> with any method takes them from its own path and method (Envoy's
    /// <c>path_prefix</c>) and reads neither family.
    /// </summary>
    public static IEndpointRouteBuilder MapForwardAuthEndpoints(this IEndpointRouteBuilder routes)
    {
        var verifier = routes.ServiceProvider.GetRequiredService<CredentialVerifier>();
        var grains = routes.ServiceProvider.GetRequiredService<IGrainFactory>();
        var failures = routes.ServiceProvider.GetServices<IExceptionHandler>().ToArray();
        var settings = routes.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<ForwardAuthOptions>>().Value;
        var family = settings.Family!;
        var trusted = settings.TrustedNetworks();
        // The cancellation token keeps the handler from looking like a bare RequestDelegate, which the
        // OpenAPI document would leave out.
        routes.MapGet("/auth/forward", (HttpContext context, CancellationToken aborted) =>
                ShortCircuitFailures.GuardAsync(ForwardAsync(context, family, trusted, verifier, grains), context, failures))
            .WithTags("Checks").WithName("ForwardAuth")
            .WithSummary("Forward authentication for nginx auth_request, Traefik ForwardAuth and Envoy ext_authz")
            .WithMetadata(
                new ProducesResponseTypeMetadata(StatusCodes.Status200OK),
                new ProducesResponseTypeMetadata(StatusCodes.Status400BadRequest, typeof(ProblemDetails), ["application/problem+json"]),
                new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(ProblemDetails), ["application/problem+json"]),
                new ProducesResponseTypeMetadata(StatusCodes.Status403Forbidden, typeof(ProblemDetails), ["application/problem+json"]),
                new AcceptedCredentials(ContractDocument.Bearer, ContractDocument.Basic))
            .DisableAntiforgery()
            .AllowAnonymous()
            .ShortCircuit();
        routes.Map("/auth/forward/{**path}", (HttpContext context, string? path) =>
                ShortCircuitFailures.GuardAsync(ForwardByPathAsync(context, "/" + path, trusted, verifier, grains), context, failures))
            .WithTags("Checks").WithName("ForwardAuthByPath")
            .WithSummary("Forward authentication with the original path appended (Envoy ext_authz path_prefix)")
            // Any method: described by the document's transformer, one operation per method.
            .ExcludeFromDescription()
            .DisableAntiforgery()
            .AllowAnonymous()
            .ShortCircuit();
        return routes;
    }

    private static Task ForwardAsync(HttpContext context, ForwardedHeaderFamily family, IReadOnlyList<System.Net.IPNetwork> trusted, CredentialVerifier verifier, IGrainFactory grains)
    {
        // A proxy passes the client's own headers on and sets only its family's: a header of the other family can only
        // come from the client, naming a path or method of its choice.
        var headers = context.Request.Headers;
        if (headers.ContainsKey(family.OtherUri) || headers.ContainsKey(family.OtherMethod))
        {
            return Challenges.WriteAsync(context, new Verification(VerificationOutcome.Malformed,
                Problem: $"This service reads the original request from {family.Uri} and {family.Method} (ForwardAuth:Headers); the request also carries {family.OtherUri} or {family.OtherMethod}. Configure the proxy to remove them."));
        }

        if (Single(headers, family.Uri) is not { } uri || Single(headers, family.Method) is not { } method)
        {
            return Challenges.WriteAsync(context, new Verification(VerificationOutcome.Malformed,
                Problem: $"Send the original request's URI in {family.Uri} and its method in {family.Method}, once each."));
        }

        return CheckAsync(context, uri, method, trusted, verifier, grains);
    }

    // Envoy appends the original path to path_prefix and keeps the original method: neither header family is read.
    private static Task ForwardByPathAsync(HttpContext context, string path, IReadOnlyList<System.Net.IPNetwork> trusted, CredentialVerifier verifier, IGrainFactory grains) =>
        CheckAsync(context, path + context.Request.QueryString, context.Request.Method, trusted, verifier, grains);

    private static async Task CheckAsync(
        HttpContext context, string uri, string method, IReadOnlyList<System.Net.IPNetwork> trusted, CredentialVerifier verifier, IGrainFactory grains)
    {
        var client = ForwardedClient.Of(context, trusted, out var addressProblem);
        if (addressProblem is not null)
        {
            await Challenges.WriteAsync(context, new Verification(VerificationOutcome.Malformed, Problem: addressProblem));
            return;
        }

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

        var verification = await verifier.VerifyAsync(context, new AccessRequest(resource, MethodAccess.AccessOf(method), Address: client));
        if (verification.Outcome != VerificationOutcome.Allowed)
        {
            await Challenges.WriteAsync(context, verification);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        RateLimitHeaders.Write(context.Response, verification.Limits);
        context.Response.Headers[UserHeader] = verification.User;
        context.Response.Headers[ResourceHeader] = resource;
        // Always sent, empty for Basic credentials: a proxy that copies an answer's headers to the upstream request then
        // copies an empty value, where Caddy 2.6 would write its placeholder's text for a header the answer lacks.
        context.Response.Headers[TokenIdHeader] = verification.TokenId ?? string.Empty;
    }

    private static string? Single(IHeaderDictionary headers, string name)
    {
        var value = headers[name];
        return value.Count == 1 && !string.IsNullOrEmpty(value[0]) ? value[0] : null;
    }

    // Proxies send a path with its query; some send an absolute URI.
    private static string PathOf(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https"
            ? absolute.GetComponents(UriComponents.Path | UriComponents.KeepDelimiter, UriFormat.UriEscaped)
            : uri;
}
