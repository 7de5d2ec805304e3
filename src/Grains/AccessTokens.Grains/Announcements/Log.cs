using Microsoft.Extensions.Logging;

namespace AccessTokens.Announcements;

/// <summary>Log messages of change announcements. Tokens are named by id, never by value.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1500, Level = LogLevel.Warning, Message = "A second activation of token {TokenId} was here while {Origin} revoked it: it now refuses, and deactivates")]
    public static partial void CopyRevoked(ILogger logger, string tokenId, string origin);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Warning, Message = "A second activation of token {TokenId} had missed a change of {Subject}: it now answers with it, and deactivates")]
    public static partial void CopyUpdated(ILogger logger, string tokenId, string subject);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Error, Message = "The change ({What}) could not be announced to {Silo}")]
    public static partial void AnnouncementFailed(ILogger logger, Exception exception, string what, string silo);

    [LoggerMessage(EventId = 1503, Level = LogLevel.Warning, Message = "A second activation of token {TokenId} was here while {Origin} changed its policies: it now answers with them, and deactivates")]
    public static partial void CopyChanged(ILogger logger, string tokenId, string origin);
}
