namespace AccessTokens.Api.Http;

/// <summary>
/// What every host of the API starts from, wherever its command is run: the folder of its own files as content
/// root, and the log levels the service ships with, as the lowest-priority configuration so that an
/// <c>appsettings.json</c> beside the binaries, the environment or the command line can still change them.
/// </summary>
public static class ShippedDefaults
{
    /// <summary>
    /// The shipped log levels: the service's own events at Information, the frameworks' at Warning, so the log
    /// says what the service did, not every request it served.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> LogLevels = new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Orleans"] = "Warning",
        ["Logging:LogLevel:Polly"] = "Warning",
    };

    /// <summary>
    /// A builder whose content root is the folder of the running assemblies (not the working folder, from which
    /// relative data paths such as <c>./data</c> are still resolved), with <see cref="LogLevels"/> beneath every
    /// other configuration source.
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = LogLevels });
        return builder;
    }
}
