namespace AccessTokens.Api.Audit;

/// <summary>Log messages of the audit trail.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2301, Level = LogLevel.Warning, Message = "{Count} summed-up refusals could not be written to the audit trail; they are kept for the next minute")]
    public static partial void RefusalTallyNotWritten(ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Warning, Message = "The audit entry of {Action} on {Target} by {Actor} ({Outcome}) could not be stored; the change stands and the entry is appended again until the trail takes it")]
    public static partial void AuditEntryDeferred(ILogger logger, Exception exception, string action, string target, string actor, string outcome);

    [LoggerMessage(EventId = 2303, Level = LogLevel.Error, Message = "The audit entry of {Action} on {Target} by {Actor} ({Outcome}) could not be stored, and too many wait already: this line is its only record")]
    public static partial void AuditEntryNotKept(ILogger logger, Exception exception, string action, string target, string actor, string outcome);

    [LoggerMessage(EventId = 2304, Level = LogLevel.Warning, Message = "{Count} audit entries are still waiting for the trail")]
    public static partial void AuditBacklogNotWritten(ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 2305, Level = LogLevel.Information, Message = "The waiting audit entry of {Action} on {Target} is stored")]
    public static partial void AuditEntryWritten(ILogger logger, string action, string target);
}
