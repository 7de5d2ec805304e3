using AccessTokens.Api;
using AccessTokens.Settings;
using AccessTokens.Api.Http;
using AccessTokens.Silo.Storage;
using Microsoft.Extensions.Options;

namespace AccessTokens.Silo;

/// <summary>Builds and runs the one-process service: a silo that also serves the API.</summary>
public static class SiloApplication
{
    /// <summary>
    /// Builds the application; <paramref name="configure"/> lets a test host add configuration or logging first, and
    /// <paramref name="replace"/> lets it replace composed services after (as ASP.NET Core's test hosts do).
    /// </summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null, Action<IServiceCollection>? replace = null)
    {
        var builder = ShippedDefaults.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.UseDefaultUrl(SiloHostingExtensions.DefaultUrl);
        builder.AddAccessTokensSilo();
        builder.AddAccessTokensApi();
        replace?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapAccessTokensApi();
        return app;
    }

    /// <summary>
    /// Runs the service, or with <c>migrate</c> as first argument only creates or upgrades the schema.
    /// A start-up problem ends the process with its one-line message and exit code 2.
    /// </summary>
    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            if (args is ["migrate", .. var rest])
            {
                return await MigrateAsync(rest);
            }

            await Build(args).RunAsync();
            return 0;
        }
        catch (Exception exception) when (StartupProblem(exception) is { } message)
        {
            await Console.Error.WriteLineAsync($"AccessTokens cannot start: {message}");
            return 2;
        }
    }

    private static async Task<int> MigrateAsync(string[] args)
    {
        var configuration = WebApplication.CreateBuilder(args).Configuration;
        var storage = configuration.ReadSettings<StorageSettings>(StorageSettings.SectionName);
        var (version, applied) = await StoreSchema.ApplyAsync(storage, CancellationToken.None);
        await Console.Out.WriteLineAsync($"{storage.Provider} store schema at version {version} ({applied} script(s) applied now).");
        return 0;
    }

    private static string? StartupProblem(Exception exception) => exception switch
    {
        StartupException startup => startup.Message,
        OptionsValidationException options => options.Message,
        AggregateException aggregate => aggregate.InnerExceptions.Select(StartupProblem).FirstOrDefault(message => message is not null),
        _ => null,
    };
}
