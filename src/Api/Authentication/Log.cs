using AccessTokens.Tokens;

namespace AccessTokens.Api.Authentication;

/// <summary>Log messages of credential checks: tokens by id, never by value; logins, never passwords.</summary>
internal static partial class Log
{
    // Each refusal is logged at Debug only: the shipped levels write one summary a minute (2005), not one line a request.
    [LoggerMessage(EventId = 2000, Level = LogLevel.Debug, Message = "Token {TokenId} refused for resource {Resource}: {Outcome}")]
    public static partial void TokenRefused(ILogger logger, string tokenId, string resource, CheckOutcome outcome);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Debug, Message = "Bearer value with a wrong shape, checksum or id refused for resource {Resource}")]
    public static partial void MalformedTokenRefused(ILogger logger, string resource);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Debug, Message = "Basic credentials of {Login} refused for resource {Resource}")]
    public static partial void BasicRefused(ILogger logger, string login, string resource);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Debug, Message = "Basic credentials of {Login} from {Address} refused without verification: too many wrong passwords")]
    public static partial void BasicThrottled(ILogger logger, string login, string address);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "{Total} credentials refused in the last {Minutes} minute(s): {Reasons}")]
    public static partial void RefusalsSummed(ILogger logger, long total, double minutes, string reasons);
}
