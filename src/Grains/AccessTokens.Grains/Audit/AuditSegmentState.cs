namespace AccessTokens.Audit;

/// <summary>The stored entries of one sealed audit segment.</summary>
public sealed class AuditSegmentState
{
    /// <summary>The entries, oldest first.</summary>
    public List<AuditEntry> Entries { get; set; } = [];
}
