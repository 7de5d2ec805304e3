namespace AccessTokens.Api.Audit;

/// <summary>Log messages of the audit trail.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2100, Level = LogLevel.Error, Message = "A refused {Action} on {Target} could not be recorded in the audit trail")]
    public static partial void AuditRecordFailed(ILogger logger, Exception exception, string action, string target);
}
