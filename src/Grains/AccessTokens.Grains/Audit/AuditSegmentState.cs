namespace AccessTokens.Audit;

/// <summary>The stored entries of one sealed audit segment.</summary>
[GenerateSerializer, Alias("AccessTokens.AuditSegmentState")]
public sealed class AuditSegmentState
{
    /// <summary>The entries, oldest first.</summary>
    [Id(0)]
    public List<AuditEntry> Entries { get; set; } = [];
}
