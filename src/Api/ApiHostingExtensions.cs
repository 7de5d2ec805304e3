using System.Text.Json;
using System.Text.Json.Serialization;
using AccessTokens.Api.OpenApi;
using AccessTokens.Api.Audit;
using AccessTokens.Api.AdminScreen;
using AccessTokens.Api.Authentication;
using AccessTokens.Api.Checks;
using AccessTokens.Api.Errors;
using AccessTokens.Api.Health;
using AccessTokens.Api.Http;
using AccessTokens.Api.Tokens;
using AccessTokens.Api.Forwarding;
using AccessTokens.Api.Profiles;
using AccessTokens.Api.Resources;
using AccessTokens.Api.OAuth;
using AccessTokens.Api.Users;
using AccessTokens.Settings;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.AspNetCore.Http.Json;

namespace AccessTokens.Api;

/// <summary>Composes the HTTP API, whether it runs inside a silo or as a separate front end.</summary>
public static class ApiHostingExtensions
{
    /// <summary>Default address of a front end started on its own, beside a silo on 5080.</summary>
    public const string DefaultFrontEndUrl = "http://localhost:5081";

    /// <summary>Adds options, JSON rules, problem details, authentication, the admin screen and health checks.</summary>
    public static WebApplicationBuilder AddAccessTokensApi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;

        // Request start/stop logging is off in production configurations anyway; leaving the category at
        // None also stops the host from creating a diagnostic Activity for every request.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        services.AddSettings<AccessTokensOptions>(AccessTokensOptions.SectionName);
        services.Configure<JsonOptions>(options => ConfigureJson(options.SerializerOptions));
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddProblemDetails(options => options.CustomizeProblemDetails = ProblemDefaults.Fill);
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddSettings<ThrottlingOptions>(ThrottlingOptions.SectionName);
        services.AddSettings<ForwardAuthOptions>(ForwardAuthOptions.SectionName);
        services.TryAddKeyedSingleton(ServiceClock.Key, TimeProvider.System);
        services.TryAddSingleton<AccessTokens.Tokens.TokenIdAuthority>();
        services.AddSingleton<CredentialParser>();
        services.AddSingleton<PasswordThrottle>();
        services.AddSingleton<CredentialVerifier>();
        services.AddSingleton<CheckRefusals>();
        services.AddHostedService(provider => provider.GetRequiredService<CheckRefusals>());
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<RefusalTally>();
        services.AddHostedService(provider => provider.GetRequiredService<RefusalTally>());
        services.AddSingleton<AuditBacklog>();
        services.AddHostedService(provider => provider.GetRequiredService<AuditBacklog>());
        // A sole scheme would become the default and run on every request. Without a default, only the
        // admin endpoints (whose policy names the scheme) authenticate, and the check endpoint, which
        // verifies its own credentials, never pays for a second verification.
        AppContext.SetSwitch("Microsoft.AspNetCore.Authentication.SuppressAutoDefaultScheme", true);
        services.AddAuthentication()
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, AccessTokenAuthenticationHandler>(
                AccessTokenAuthenticationHandler.SchemeName, null);
        builder.AddAdminScreen();
        services.AddAuthorizationBuilder().AddAdminPolicies();
        services.AddHealthChecks().AddCheck<ClusterReadinessCheck>("cluster", tags: [ClusterReadinessCheck.ReadyTag]);
        services.AddContractDocument();
        return builder;
    }

    /// <summary>Maps every endpoint of the contract and serves the admin screen.</summary>
    public static WebApplication MapAccessTokensApi(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseRouting();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAdminScreenFiles();
        app.UseAuthentication();
        app.UseAdminScreenAntiforgery();
        app.UseAuthorization();
        app.MapAuthCheckEndpoints();
        app.MapForwardAuthEndpoints();
        app.MapOAuthEndpoints();
        app.MapUserEndpoints();
        app.MapAccessTokenEndpoints();
        app.MapProfileEndpoints();
        app.MapResourceEndpoints();
        app.MapAuditEndpoints();
        app.MapAdminScreenEndpoints();
        app.MapHealthEndpoints();
        app.MapOpenApi().AllowAnonymous();
        return app;
    }

    /// <summary>Listens on <paramref name="defaultUrl"/> unless <c>--urls</c> or <c>ASPNETCORE_URLS</c> says otherwise.</summary>
    public static WebApplicationBuilder UseDefaultUrl(this WebApplicationBuilder builder, string defaultUrl)
    {
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(defaultUrl);
        }

        return builder;
    }

    /// <summary>The JSON rules of the contract: camelCase, enums as camelCase strings, UTC instants, unknown fields refused.</summary>
    public static void ConfigureJson(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.AllowDuplicateProperties = false;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.Converters.Add(new UtcInstantConverter());
    }
}
