using Microsoft.AspNetCore.Authentication.Cookies;

namespace AccessTokens.Api.AdminScreen;

/// <summary>The cookie that keeps an administrator signed in to the admin screen.</summary>
public static class AdminCookie
{
    /// <summary>The authentication scheme name.</summary>
    public const string SchemeName = "AdminCookie";

    /// <summary>The cookie's name.</summary>
    public const string CookieName = "accesstokens.admin";

    /// <summary>
    /// HttpOnly, SameSite=Strict, Secure when the request came over HTTPS (plain HTTP on loopback keeps
    /// working), a session cookie that expires after <paramref name="idleTimeout"/> of inactivity. The session behind it
    /// is the user grain's, which ends it at sign-out, at its lifetime and when the user changes.
    /// </summary>
    public static void Configure(CookieAuthenticationOptions options, TimeSpan idleTimeout)
    {
        options.Cookie.Name = CookieName;
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Strict;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.Cookie.Path = "/";
        options.Cookie.IsEssential = true;
        options.ExpireTimeSpan = idleTimeout;
        options.SlidingExpiration = true;
        options.EventsType = typeof(AdminCookieEvents);
    }
}
