namespace AccessTokens.Audit;

/// <summary>A sealed run of audit entries.</summary>
public sealed class AuditSegmentGrain(
    [PersistentState("audit-segment", StorageNames.Store)] IPersistentState<AuditSegmentState> state) : Grain, IAuditSegmentGrain
{
    public async Task SealAsync(IReadOnlyList<AuditEntry> entries)
    {
        state.State.Entries = [.. entries];
        await state.WriteSettledAsync(this);
    }

    public Task<IReadOnlyList<AuditEntry>> ReadAsync() => Task.FromResult<IReadOnlyList<AuditEntry>>(state.State.Entries);
}
