using AccessTokens.Api.AdminScreen;
using AccessTokens.Profiles;
using Microsoft.AspNetCore.Authorization;

namespace AccessTokens.Api.Authentication;

/// <summary>
/// The authorization policies of admin endpoints: an active user whose profile holds the permission the action
/// needs; a bearer token must also carry the <c>admin</c> resource with the method's access (the verifier grants
/// the scope claim only then). Credentials come from the <c>Authorization</c> header or from the admin screen's
/// cookie, whose principal carries the same claims.
/// </summary>
public static class AdminPolicy
{
    /// <summary>Issue, list and revoke tokens: <c>tokens.admin</c>.</summary>
    public const string Tokens = "tokens.admin";

    /// <summary>Manage users, profiles and resources, read the audit trail: <c>users.admin</c>.</summary>
    public const string Users = "users.admin";

    /// <summary>Read users, profiles and resources (a token administrator needs them to issue tokens): either permission.</summary>
    public const string Directory = "directory.read";

    /// <summary>Introspect tokens: <c>introspect</c>.</summary>
    public const string Introspect = "introspect";

    /// <summary>Adds every admin policy.</summary>
    public static AuthorizationBuilder AddAdminPolicies(this AuthorizationBuilder builder) => builder
        .AddPolicy(Tokens, policy => Require(policy, Permissions.TokensAdmin))
        .AddPolicy(Users, policy => Require(policy, Permissions.UsersAdmin))
        .AddPolicy(Directory, policy => Require(policy, Permissions.TokensAdmin, Permissions.UsersAdmin))
        .AddPolicy(Introspect, policy => Require(policy, Permissions.Introspect));

    private static void Require(AuthorizationPolicyBuilder policy, params Permissions[] anyOf)
    {
        var names = anyOf.SelectMany(PermissionNames.Of).ToArray();
        policy
            .AddAuthenticationSchemes(AccessTokenAuthenticationHandler.SchemeName, AdminCookie.SchemeName)
            .RequireAuthenticatedUser()
            .RequireClaim(AccessTokenClaims.Scope, AccessTokenAuthenticationHandler.AdminResource)
            .RequireClaim(AccessTokenClaims.Permission, names);
    }
}
