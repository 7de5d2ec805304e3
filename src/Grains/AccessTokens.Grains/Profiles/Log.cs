using Microsoft.Extensions.Logging;

namespace AccessTokens.Profiles;

/// <summary>Log messages of the profile catalog.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1200, Level = LogLevel.Information, Message = "Profile {Profile} {Change}, version {Version}")]
    public static partial void ProfileChanged(ILogger logger, string profile, string change, long version);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Profile {Profile} could not be pushed to all of its users; retrying")]
    public static partial void PushFailed(ILogger logger, Exception exception, string profile);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "Profile {Profile} pushed to {Users} users")]
    public static partial void Pushed(ILogger logger, string profile, int users);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Information, Message = "Upgrade: profile User now opens {Count} resources named by existing tokens")]
    public static partial void Adopted(ILogger logger, int count);
}
