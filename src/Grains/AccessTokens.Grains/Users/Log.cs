using Microsoft.Extensions.Logging;

namespace AccessTokens.Users;

/// <summary>Log messages of the user grains. Passwords never appear, not even their length.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "User {Login} created with profile {Profile}")]
    public static partial void UserCreated(ILogger logger, string login, string profile);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "User {Login} updated: profile {Profile}, active {Active}")]
    public static partial void UserUpdated(ILogger logger, string login, string profile, bool active);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Debug, Message = "Password of {Login} refused: {Reason}")]
    public static partial void AuthenticationRefused(ILogger logger, string login, string reason);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Error, Message = "The user directory entry of {Login} could not be repaired after a failed change")]
    public static partial void DirectoryRepairFailed(ILogger logger, Exception exception, string login);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Debug, Message = "Password attempt for {Login} from {Address} throttled: too many wrong passwords")]
    public static partial void AuthenticationThrottled(ILogger logger, string login, string address);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Warning, Message = "The known addresses of {Login} could not be stored; the sign-in stands")]
    public static partial void KnownAddressNotStored(ILogger logger, Exception exception, string login);

    [LoggerMessage(EventId = 1107, Level = LogLevel.Error, Message = "Token {TokenId} could not be removed from the tokens of {Login} after its creation failed")]
    public static partial void TokenListRepairFailed(ILogger logger, Exception exception, string tokenId, string login);

    [LoggerMessage(EventId = 1108, Level = LogLevel.Debug, Message = "Password attempt answered busy without hashing: {Reason}")]
    public static partial void PasswordHashingBusy(ILogger logger, string reason);

    [LoggerMessage(EventId = 1109, Level = LogLevel.Warning, Message = "A password hashing thread keeps the normal scheduling priority: {Reason}")]
    public static partial void PriorityNotLowered(ILogger logger, string reason);
}
