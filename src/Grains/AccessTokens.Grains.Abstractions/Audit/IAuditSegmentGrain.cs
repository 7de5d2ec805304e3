using Orleans.Concurrency;

namespace AccessTokens.Audit;

/// <summary>A sealed run of <see cref="IAuditLogGrain.SegmentSize"/> audit entries, keyed by segment number (sequence / size).</summary>
public interface IAuditSegmentGrain : IGrainWithIntegerKey
{
    /// <summary>Stores the segment's entries, durably. Writing the same entries again changes nothing.</summary>
    Task SealAsync(IReadOnlyList<AuditEntry> entries);

    /// <summary>The segment's entries, oldest first.</summary>
    [ReadOnly]
    Task<IReadOnlyList<AuditEntry>> ReadAsync();
}
