using System.Security.Claims;
using AccessTokens.Api.Authentication;
using AccessTokens.Profiles;
using AccessTokens.Users;

namespace AccessTokens.Api.AdminScreen;

/// <summary>
/// Who may use the admin screen, and the principal its cookie carries. The one place where the screen
/// decides that a user may administer access tokens: at sign-in and again on every request the cookie
/// authenticates.
/// </summary>
public static class AdminScreenAccess
{
    /// <summary>True when an authenticated user may administer access tokens and so sign in to the screen.</summary>
    public static bool MayAdministerTokens(UserStatus status) =>
        status.Active && (status.Allowed.Permissions & Permissions.TokensAdmin) == Permissions.TokensAdmin;

    /// <summary>True when <paramref name="principal"/> still carries the profile and permissions of <paramref name="status"/>.</summary>
    public static bool Matches(ClaimsPrincipal principal, UserStatus status) =>
        principal.FindFirst(AccessTokenClaims.Profile)?.Value == status.Profile
        && CallerPermissions.Of(principal) == status.Allowed.Permissions;

    /// <summary>
    /// The cookie's principal: the same claims the access-token scheme gives an administrator (name, profile,
    /// permissions, <c>scope=admin</c>), so the admin policies judge both schemes alike, and the session it belongs to.
    /// </summary>
    public static ClaimsPrincipal CreatePrincipal(string login, UserStatus status, string session) =>
        new(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, login),
                new Claim(AccessTokenClaims.Session, session),
                new Claim(AccessTokenClaims.Profile, status.Profile),
                new Claim(AccessTokenClaims.Scope, AccessTokenAuthenticationHandler.AdminResource),
                .. PermissionNames.Of(status.Allowed.Permissions).Select(name => new Claim(AccessTokenClaims.Permission, name)),
            ],
            AdminCookie.SchemeName));
}
