namespace AccessTokens.Api.Errors;

/// <summary>Log messages of request failures.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2100, Level = LogLevel.Warning, Message = "Request failed: the cluster or its store is unavailable")]
    public static partial void ClusterUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Error, Message = "Request failed with an unexpected error")]
    public static partial void UnexpectedError(ILogger logger, Exception exception);
}
