using AccessTokens.Api.Authentication;
using AccessTokens.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace AccessTokens.Api.AdminScreen;

/// <summary>
/// Re-checks the signed-in user on every request the cookie authenticates, and leaves challenges to the
/// access-token scheme: no redirects, the API answers 401 and 403 with problem details.
/// </summary>
public sealed class AdminCookieEvents(IGrainFactory grains, ILogger<AdminCookieEvents> logger) : CookieAuthenticationEvents
{
    /// <inheritdoc />
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        // A cookie outlives changes made elsewhere, and copies of it outlive sign-out: only a session the user grain still
        // holds is valid, so sign-out, the session's lifetime, a new password, disabling or another profile ends it at
        // the next request of every copy, and a profile that may no longer administer loses the screen as its tokens
        // lose the API.
        var login = context.Principal?.Identity?.Name;
        var session = context.Principal?.FindFirst(AccessTokenClaims.Session)?.Value;
        var status = UserRules.IsValidLogin(login) && !string.IsNullOrEmpty(session)
            ? await grains.GetGrain<IUserGrain>(login).ValidateSessionAsync(session)
            : null;
        if (status is null || !AdminScreenAccess.MayAdministerTokens(status))
        {
            Log.SessionEnded(logger, login ?? string.Empty);
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(AdminCookie.SchemeName);
            return;
        }

        if (!AdminScreenAccess.Matches(context.Principal!, status))
        {
            context.ReplacePrincipal(AdminScreenAccess.CreatePrincipal(login!, status, session!));
            context.ShouldRenew = true;
        }
    }

    /// <inheritdoc />
    public override Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context) =>
        Refuse(context, StatusCodes.Status401Unauthorized);

    /// <inheritdoc />
    public override Task RedirectToAccessDenied(RedirectContext<CookieAuthenticationOptions> context) =>
        Refuse(context, StatusCodes.Status403Forbidden);

    /// <inheritdoc />
    public override Task RedirectToLogout(RedirectContext<CookieAuthenticationOptions> context) => Task.CompletedTask;

    /// <inheritdoc />
    public override Task RedirectToReturnUrl(RedirectContext<CookieAuthenticationOptions> context) => Task.CompletedTask;

    // The admin policy challenges both of its schemes; the access-token scheme writes the RFC 6750 challenge
    // and the problem body, so this one only sets the status when it happens to run first.
    private static Task Refuse(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (!context.Response.HasStarted)
        {
            context.Response.StatusCode = status;
        }

        return Task.CompletedTask;
    }
}
