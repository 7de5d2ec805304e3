using Microsoft.Extensions.Logging;

namespace AccessTokens.Resources;

/// <summary>Log messages of the resource catalogue.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "Resource {Resource} {Change}")]
    public static partial void ResourceChanged(ILogger logger, string resource, string change);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Upgrade: {Count} resources named by existing tokens are catalogued")]
    public static partial void ResourcesAdopted(ILogger logger, int count);
}
