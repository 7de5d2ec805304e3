using AccessTokens.Audit;

namespace AccessTokens.Api.Audit;

/// <summary>An audit entry as the contract shows it.</summary>
public sealed record AuditEntryView(DateTimeOffset At, string Actor, string Action, string Target, string ClientAddress, string Outcome)
{
    /// <summary>The view of a stored entry.</summary>
    public static AuditEntryView From(AuditEntry entry) =>
        new(entry.At, entry.Actor, entry.Action, entry.Target, entry.ClientAddress, entry.Outcome);
}
