using System.Security.Claims;
using AccessTokens.Profiles;

namespace AccessTokens.Api.Authentication;

/// <summary>Reads the permissions of an authenticated caller from its claims.</summary>
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
}
