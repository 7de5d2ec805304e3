using System.Security.Claims;
using AccessTokens.Common;
using AccessTokens.Profiles;

namespace AccessTokens.Api.Authentication;

/// <summary>Reads an authenticated caller from its claims: its permissions, and the <see cref="Caller"/> grains judge changes by.</summary>
public static class CallerPermissions
{
    /// <summary>The caller's permissions.</summary>
    public static Permissions Of(ClaimsPrincipal principal)
    {
        var permissions = Permissions.None;
        foreach (var claim in principal.FindAll(AccessTokenClaims.Permission))
        {
            if (PermissionNames.TryParse(claim.Value, out var permission))
            {
                permissions |= permission;
            }
        }

        return permissions;
    }

    /// <summary>The caller as grains judge it: login, profile, permissions and, for a bearer token, its id and issuer.</summary>
    public static Caller CallerOf(ClaimsPrincipal principal) => new(
        principal.Identity?.Name ?? string.Empty,
        principal.FindFirst(AccessTokenClaims.Profile)?.Value ?? string.Empty,
        Of(principal),
        principal.FindFirst(AccessTokenClaims.TokenId)?.Value,
        principal.FindFirst(AccessTokenClaims.TokenCreatedBy)?.Value);
}
