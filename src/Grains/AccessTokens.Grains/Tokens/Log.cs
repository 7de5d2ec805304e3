using Microsoft.Extensions.Logging;

namespace AccessTokens.Tokens;

/// <summary>Log messages of the token grains. Tokens are named by id, never by value.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Token {TokenId} created for user {User} by {Actor}")]
    public static partial void TokenCreated(ILogger logger, string tokenId, string user, string actor);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Token {TokenId} revoked by {Actor}")]
    public static partial void TokenRevoked(ILogger logger, string tokenId, string actor);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Date of last use of token {TokenId} could not be written; it will be retried")]
    public static partial void LastUseFlushFailed(ILogger logger, Exception exception, string tokenId);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Token {TokenId} discarded: its creation did not complete")]
    public static partial void TokenDiscarded(ILogger logger, string tokenId);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Error, Message = "Token store could not {Operation} the record of token {TokenId}")]
    public static partial void TokenStoreFailed(ILogger logger, Exception exception, string operation, string tokenId);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Error, Message = "Token {TokenId} could not be discarded after a failed creation")]
    public static partial void DiscardFailed(ILogger logger, Exception exception, string tokenId);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Information, Message = "Token {TokenId} met a newer stored record (attempt {Attempt}): read it, applied its change again and wrote it")]
    public static partial void VersionConflictMerged(ILogger logger, string tokenId, int attempt);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Information, Message = "Stopping: {Count} tokens with unwritten uses {How} in {Seconds:F1} s; {Left} left unwritten")]
    public static partial void StopHandedOver(ILogger logger, int count, string how, double seconds, int left);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Information, Message = "Token ids are signed from now on; the {Count} ids issued before stay valid")]
    public static partial void KeyRingCreated(ILogger logger, int count);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "A new token id key (slot {Slot}) signs from {ActiveFrom:O}")]
    public static partial void KeyAdded(ILogger logger, int slot, DateTimeOffset activeFrom);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Information, Message = "The upgrade window for unsigned token ids has ended: {Count} ids issued unsigned stay valid, no other unsigned id passes")]
    public static partial void UnsignedIdsListed(ILogger logger, int count);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "Record of token {TokenId} could not be taken over from the silo it moved from; it is read from the store")]
    public static partial void HandOverFailed(ILogger logger, Exception exception, string tokenId);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Information, Message = "Token {TokenId} changed by {Actor}")]
    public static partial void TokenChanged(ILogger logger, string tokenId, string actor);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Warning, Message = "{Count} failed attempts of token {TokenId} could not be entered in the audit trail")]
    public static partial void FailureAuditFailed(ILogger logger, Exception exception, string tokenId, long count);

    [LoggerMessage(EventId = 1014, Level = LogLevel.Information, Message = "Token {TokenId} rotated into {Successor} by {Actor}")]
    public static partial void TokenRotated(ILogger logger, string tokenId, string successor, string actor);

    [LoggerMessage(EventId = 1015, Level = LogLevel.Warning, Message = "Token {TokenId} could not store that its successor was used; its overlap ends at its latest")]
    public static partial void RotationNoticeFailed(ILogger logger, Exception exception, string tokenId);
}
