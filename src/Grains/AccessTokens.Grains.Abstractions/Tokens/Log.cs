using Microsoft.Extensions.Logging;

namespace AccessTokens.Tokens;

/// <summary>Log messages of the token rules shared by every process.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1600, Level = LogLevel.Warning, Message = "The token id keys could not be read; every well-formed id is checked by its grain until they are")]
    public static partial void TokenIdKeysUnread(ILogger logger, Exception exception);
}
