using AccessTokens.Api.Http;

namespace AccessTokens.Api;

/// <summary>Builds the API as a separate front end: an Orleans client of the cluster.</summary>
public static class ApiApplication
{
    /// <summary>Builds the application; <paramref name="configure"/> lets a test host add configuration or logging first.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = ShippedDefaults.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.UseDefaultUrl(ApiHostingExtensions.DefaultFrontEndUrl);
        builder.AddAccessTokensClusterClient();
        builder.AddAccessTokensApi();

        var app = builder.Build();
        app.MapAccessTokensApi();
        return app;
    }
}
