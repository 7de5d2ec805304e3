using AccessTokens.Tokens;

namespace AccessTokens.Api.Authentication;

/// <summary>Log messages of credential checks: tokens by id, never by value; logins, never passwords.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "Token {TokenId} refused for resource {Resource}: {Outcome}")]
    public static partial void TokenRefused(ILogger logger, string tokenId, string resource, CheckOutcome outcome);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Bearer value with a wrong shape or checksum refused for resource {Resource}")]
    public static partial void MalformedTokenRefused(ILogger logger, string resource);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Basic credentials of {Login} refused for resource {Resource}")]
    public static partial void BasicRefused(ILogger logger, string login, string resource);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Basic credentials of {Login} from {Address} refused without verification: too many wrong passwords")]
    public static partial void BasicThrottled(ILogger logger, string login, string address);
}
