namespace AccessTokens.Audit;

/// <summary>The stored head of the audit trail.</summary>
[GenerateSerializer, Alias("AccessTokens.AuditLogState")]
public sealed class AuditLogState
{
    /// <summary>The sequence the next entry gets.</summary>
    [Id(0)]
    public long NextSequence { get; set; }

    /// <summary>Entries not yet sealed into a segment, oldest first.</summary>
    [Id(1)]
    public List<AuditEntry> Head { get; set; } = [];
}
