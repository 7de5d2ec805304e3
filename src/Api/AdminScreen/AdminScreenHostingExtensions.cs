using AccessTokens.Settings;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.FileProviders;

namespace AccessTokens.Api.AdminScreen;

/// <summary>Composes the admin screen: its cookie, anti-forgery, data-protection keys and static files.</summary>
public static class AdminScreenHostingExtensions
{
    /// <summary>The application name the cookies are protected under, the same on every silo and front end.</summary>
    public const string DataProtectionApplicationName = "AccessTokens";

    /// <summary>Folder of the screen's HTML, CSS and JavaScript beside the assemblies.</summary>
    public static string FilesDirectory => Path.Combine(AppContext.BaseDirectory, "wwwroot");

    // The page loads nothing from elsewhere and runs no inline script or style.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Adds the cookie scheme, anti-forgery and data protection.</summary>
    public static WebApplicationBuilder AddAdminScreen(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var options = builder.Configuration.ReadSettings<AdminScreenOptions>(AdminScreenOptions.SectionName);
        var dataProtection = services.AddDataProtection().SetApplicationName(DataProtectionApplicationName);
        if (!string.IsNullOrWhiteSpace(options.KeysDirectory))
        {
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(options.KeysDirectory));
        }

        services.AddSettings<AdminScreenOptions>(AdminScreenOptions.SectionName);
        services.AddSingleton<AdminCookieEvents>();
        services.AddAuthentication().AddCookie(AdminCookie.SchemeName);
        services.AddOptions<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(AdminCookie.SchemeName)
            .Configure<Microsoft.Extensions.Options.IOptions<AdminScreenOptions>>((cookie, screen) => AdminCookie.Configure(cookie, screen.Value.IdleTimeout));
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.HeaderName = AdminScreenEndpoints.AntiforgeryHeaderName;
            antiforgery.Cookie.Name = "accesstokens.antiforgery";
            antiforgery.Cookie.HttpOnly = true;
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        return builder;
    }

    /// <summary>Serves the screen's files at <c>/</c>, to anyone: the data behind them needs credentials.</summary>
    public static WebApplication UseAdminScreenFiles(this WebApplication app)
    {
        var directory = FilesDirectory;
        if (!Directory.Exists(directory))
        {
            Log.FilesMissing(app.Logger, directory);
            return app;
        }

        var files = new PhysicalFileProvider(directory);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = file =>
            {
                var headers = file.Context.Response.Headers;
                headers.CacheControl = "no-cache";
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
            },
        });
        return app;
    }

    /// <summary>Refuses cookie-authenticated state changes without the anti-forgery header; after authentication, before authorization.</summary>
    public static WebApplication UseAdminScreenAntiforgery(this WebApplication app)
    {
        app.UseMiddleware<CookieAntiforgeryMiddleware>();
        return app;
    }
}
