namespace AccessTokens.Audit;

/// <summary>The stored head of the audit trail.</summary>
public sealed class AuditLogState
{
    /// <summary>The sequence the next entry gets.</summary>
    public long NextSequence { get; set; }

    /// <summary>Entries not yet sealed into a segment, oldest first.</summary>
    public List<AuditEntry> Head { get; set; } = [];
}
