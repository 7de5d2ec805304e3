using Microsoft.AspNetCore.Authentication.Cookies;

namespace AccessTokens.Api.AdminScreen;

/// <summary>The cookie that keeps an administrator signed in to the admin screen.</summary>
public static class AdminCookie
{
    /// <summary>The authentication scheme name.</summary>
    public const string SchemeName = "AdminCookie";

    /// <summary>The cookie's name.</summary>
    public const string CookieName = "accesstokens.admin";

    /// <summary>How long a session lasts without a request; each request past half of it renews the cookie.</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromHours(1);

    /// <summary>
    /// HttpOnly, SameSite=Strict, Secure when the request came over HTTPS (plain HTTP on loopback keeps
    /// working), a session cookie that expires after <see cref="IdleTimeout"/> of inactivity.
    /// </summary>
    public static void Configure(CookieAuthenticationOptions options)
    {
        options.Cookie.Name = CookieName;
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Strict;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.Cookie.Path = "/";
        options.Cookie.IsEssential = true;
        options.ExpireTimeSpan = IdleTimeout;
        options.SlidingExpiration = true;
        options.EventsType = typeof(AdminCookieEvents);
    }
}
