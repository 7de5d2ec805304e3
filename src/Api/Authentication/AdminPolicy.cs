using AccessTokens.Api.AdminScreen;
using AccessTokens.Users;
using Microsoft.AspNetCore.Authorization;

namespace AccessTokens.Api.Authentication;

/// <summary>The authorization policy of admin endpoints.</summary>
public static class AdminPolicy
{
    /// <summary>The policy name.</summary>
    public const string Name = "TokenAdmin";

    /// <summary>
    /// An active user whose profile may administer access tokens; a bearer token must also carry the
    /// <c>admin</c> resource (the verifier grants the scope claim only then). Credentials come from the
    /// <c>Authorization</c> header or from the admin screen's cookie, whose principal carries the same claims.
    /// </summary>
    public static void Configure(AuthorizationPolicyBuilder policy) => policy
        .AddAuthenticationSchemes(AccessTokenAuthenticationHandler.SchemeName, AdminCookie.SchemeName)
        .RequireAuthenticatedUser()
        .RequireClaim(AccessTokenClaims.Scope, AccessTokenAuthenticationHandler.AdminResource)
        .RequireAssertion(context => Profiles.MayAdministerTokens(context.User.FindFirst(AccessTokenClaims.Profile)?.Value));
}
