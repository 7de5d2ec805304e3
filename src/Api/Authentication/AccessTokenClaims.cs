namespace AccessTokens.Api.Authentication;

/// <summary>Claim types of an authenticated administrator.</summary>
public static class AccessTokenClaims
{
    /// <summary>The user's profile.</summary>
    public const string Profile = "profile";

    /// <summary>A resource the presented credentials grant (<c>admin</c> for administration).</summary>
    public const string Scope = "scope";

    /// <summary>A permission of the user's profile (<c>tokens.admin</c>, <c>users.admin</c>, <c>introspect</c>); one claim each.</summary>
    public const string Permission = "permission";

    /// <summary>Id of the presented token, for bearer credentials.</summary>
    public const string TokenId = "token_id";

    /// <summary>The login that issued the presented token, for bearer credentials.</summary>
    public const string TokenCreatedBy = "token_created_by";

    /// <summary>The admin screen session the cookie belongs to.</summary>
    public const string Session = "sid";

    /// <summary>When the presented token stops working.</summary>
    public const string ExpiresAt = "expires_at";
}
