using Microsoft.Extensions.Logging;

namespace AccessTokens.Users;

/// <summary>Log messages of the user grains. Passwords never appear, not even their length.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "User {Login} created with profile {Profile}")]
    public static partial void UserCreated(ILogger logger, string login, string profile);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "User {Login} updated: profile {Profile}, active {Active}")]
    public static partial void UserUpdated(ILogger logger, string login, string profile, bool active);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Basic authentication of {Login} refused: {Reason}")]
    public static partial void AuthenticationRefused(ILogger logger, string login, string reason);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Error, Message = "The user directory entry of {Login} could not be repaired after a failed change")]
    public static partial void DirectoryRepairFailed(ILogger logger, Exception exception, string login);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Error, Message = "Token {TokenId} could not be discarded after a failed creation")]
    public static partial void DiscardFailed(ILogger logger, Exception exception, string tokenId);
}
