using AccessTokens.Api;

namespace AccessTokens.Silo;

/// <summary>Builds the one-process service: a silo that also serves the API.</summary>
public static class SiloApplication
{
    /// <summary>Builds the application; <paramref name="configure"/> lets a test host add configuration or logging first.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.UseDefaultUrl(SiloHostingExtensions.DefaultUrl);
        builder.AddAccessTokensSilo();
        builder.AddAccessTokensApi();

        var app = builder.Build();
        app.MapAccessTokensApi();
        return app;
    }
}
