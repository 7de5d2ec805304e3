using System.Security.Claims;
using AccessTokens.Api.Audit;
using AccessTokens.Api.Authentication;
using AccessTokens.Users;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using AccessTokens.Api.OpenApi;

namespace AccessTokens.Api.AdminScreen;

/// <summary>The <c>/ui</c> endpoints of the admin screen: sign-in, sign-out, anti-forgery token, session, settings.</summary>
public static class AdminScreenEndpoints
{
    /// <summary>The header the screen sends its anti-forgery request token in.</summary>
    public const string AntiforgeryHeaderName = "X-CSRF-TOKEN";

    /// <summary>Maps the admin screen endpoints.</summary>
    public static IEndpointRouteBuilder MapAdminScreenEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/ui").WithTags("Admin screen");
        group.MapPost("/sign-in", SignInAsync).WithName("SignIn")
            .WithSummary("Sign in to the admin screen with a login and password; sets the session cookie")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status429TooManyRequests)
            .AllowAnonymous();
        group.MapPost("/sign-out", SignOutAsync).WithName("SignOut").WithSummary("End the admin screen session").AllowAnonymous();
        group.MapGet("/antiforgery", GetAntiforgeryTokenAsync).WithName("GetAntiforgeryToken")
            .WithSummary("The anti-forgery request token to send with every state change made with the session cookie")
            .AllowAnonymous();
        group.MapGet("/session", GetSession).WithName("GetSession").WithSummary("Who is signed in").RequireAuthorization(AdminPolicy.Tokens);
        group.MapGet("/settings", GetSettings).WithName("GetScreenSettings").WithSummary("The service time zone the screen shows dates in")
            .RequireAuthorization(AdminPolicy.Tokens);
        return routes;
    }

    private static async Task<Results<Ok<SessionView>, ValidationProblem, ProblemHttpResult>> SignInAsync(
        SignInBody body, HttpContext context, IAntiforgery antiforgery, IGrainFactory grains, ILoggerFactory loggers,
        CredentialVerifier verifier, IOptions<AdminScreenOptions> screen, AuditTrail audit)
    {
        // Signing in is a state change too: without the token, another site could sign a browser in to an
        // account of its choosing.
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return TypedResults.Problem(
                "The request did not carry a valid anti-forgery token. Reload the page and try again.",
                statusCode: StatusCodes.Status400BadRequest,
                title: "Anti-forgery check failed");
        }

        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(body.Login))
        {
            errors["login"] = ["Enter your login."];
        }

        if (string.IsNullOrEmpty(body.Password))
        {
            errors["password"] = ["Enter your password."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: "Enter your login and password.", title: "Invalid request");
        }

        var logger = loggers.CreateLogger(typeof(AdminScreenEndpoints));
        var login = body.Login!;
        var actor = UserRules.IsValidLogin(login) ? login : "anonymous";

        // The same throttling as Basic credentials: the screen is no side door for guessing.
        var result = await verifier.AuthenticatePasswordAsync(login, body.Password!, ClientAddress.Of(context), screen.Value.SessionLifetime);
        switch (result.Outcome)
        {
            case AuthenticationOutcome.Throttled:
                await audit.RecordRefusalAsync(context, "anonymous", "sign-in", context.Request.Path, "throttled", known: false);
                Challenges.SetRetryAfter(context.Response, result.RetryAfter ?? TimeSpan.FromSeconds(1));
                return TypedResults.Problem(
                    "Too many wrong passwords for this login from this address, or from addresses it never signed in from; wait for the time in Retry-After, then try again.",
                    statusCode: StatusCodes.Status429TooManyRequests,
                    title: "Too many failed attempts");
            case AuthenticationOutcome.Busy:
                Challenges.SetRetryAfter(context.Response, result.RetryAfter ?? TimeSpan.FromSeconds(1));
                return TypedResults.Problem(Challenges.BusyDetail, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Password checks busy");
            case AuthenticationOutcome.Refused:
                Log.SignInRefused(logger, actor);
                await audit.RecordRefusalAsync(context, result.KnownLogin ? actor : "anonymous", "sign-in", context.Request.Path, "failed", result.KnownLogin);
                return Refused();
        }

        var status = result.Status!;
        if (!AdminScreenAccess.MayAdministerTokens(status))
        {
            await grains.GetGrain<IUserGrain>(login).EndSessionAsync(result.SessionId!);
            Log.SignInNotAllowed(logger, login, status.Profile);
            return TypedResults.Problem(
                "This account may not administer access tokens. Ask an administrator for a profile that may.",
                statusCode: StatusCodes.Status403Forbidden,
                title: "Not allowed");
        }

        await context.SignInAsync(AdminCookie.SchemeName, AdminScreenAccess.CreatePrincipal(login, status, result.SessionId!));
        Log.SignedIn(logger, login);
        return TypedResults.Ok(new SessionView(login));
    }

    // One answer for an unknown login, a wrong password, a user without a password and a disabled user:
    // the screen must not tell which logins exist.
    private static ProblemHttpResult Refused() => TypedResults.Problem(
        "The login or password is not correct, or the account is disabled.",
        statusCode: StatusCodes.Status401Unauthorized,
        title: "Sign-in refused");

    private static async Task<NoContent> SignOutAsync(HttpContext context, IGrainFactory grains, ILoggerFactory loggers)
    {
        // The session ends where it is held, not only in this browser: a copy of the cookie is refused from now on.
        var cookie = await context.AuthenticateAsync(AdminCookie.SchemeName);
        if (cookie.Succeeded && cookie.Principal.Identity?.Name is { } login && cookie.Principal.FindFirst(AccessTokenClaims.Session)?.Value is { } session)
        {
            await grains.GetGrain<IUserGrain>(login).EndSessionAsync(session);
            Log.SignedOut(loggers.CreateLogger(typeof(AdminScreenEndpoints)), login);
        }

        await context.SignOutAsync(AdminCookie.SchemeName);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<AntiforgeryTokenView>> GetAntiforgeryTokenAsync(HttpContext context, IAntiforgery antiforgery)
    {
        // The request token is bound to the user it is issued to: the signed-in administrator when the
        // cookie holds one, nobody before sign-in.
        var cookie = await context.AuthenticateAsync(AdminCookie.SchemeName);
        if (cookie.Succeeded)
        {
            context.User = cookie.Principal;
        }

        var tokens = antiforgery.GetAndStoreTokens(context);
        return TypedResults.Ok(new AntiforgeryTokenView(tokens.HeaderName ?? AntiforgeryHeaderName, tokens.RequestToken!));
    }

    private static Ok<SessionView> GetSession(ClaimsPrincipal user) => TypedResults.Ok(new SessionView(user.Identity!.Name!));

    private static Ok<ScreenSettings> GetSettings(IOptions<AccessTokensOptions> options) =>
        TypedResults.Ok(new ScreenSettings(options.Value.TimeZone));
}
