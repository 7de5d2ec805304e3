namespace AccessTokens.Api.Audit;

/// <summary>Log messages of the audit trail.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2300, Level = LogLevel.Error, Message = "A refused {Action} on {Target} could not be recorded in the audit trail")]
    public static partial void AuditRecordFailed(ILogger logger, Exception exception, string action, string target);

    [LoggerMessage(EventId = 2301, Level = LogLevel.Warning, Message = "{Count} summed-up refusals could not be written to the audit trail; they are kept for the next minute")]
    public static partial void RefusalTallyNotWritten(ILogger logger, Exception exception, int count);
}
