using Orleans.Concurrency;

namespace AccessTokens.Audit;

/// <summary>
/// The audit trail (a single grain, key 0). It holds the newest entries and seals every
/// <see cref="SegmentSize"/> of them into an <see cref="IAuditSegmentGrain"/>, so an append writes a bounded record.
/// </summary>
public interface IAuditLogGrain : IGrainWithIntegerKey
{
    /// <summary>Entries per sealed segment.</summary>
    const int SegmentSize = 64;

    /// <summary>Appends an entry, durably; its sequence and time are assigned here.</summary>
    Task AppendAsync(AuditRecord record);

    /// <summary>A page of entries, newest first.</summary>
    [AlwaysInterleave]
    Task<AuditPage> QueryAsync(AuditQuery query);
}
