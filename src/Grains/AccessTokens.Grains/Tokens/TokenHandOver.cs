namespace AccessTokens.Tokens;

/// <summary>
/// What a token activation moving to another silo takes along (see <see cref="AccessTokenGrain"/>'s migration): its
/// record with its version and exact date of last use, and whether that date is not stored yet. A hand-over is an
/// optimisation: without it the new activation reads the record from the store.
/// </summary>
internal static class TokenHandOver
{
    // The record travels under the key Orleans' storage bridge uses for a [PersistentState] facet of the same name, in
    // the bridge's own type: so a record handed over by an activation that held it through the facet is taken in too.
    private const string RecordKey = "state." + TokenStore.StateName;

    // Present when the token's date of last use was not stored yet.
    private const string UnwrittenUseKey = "token.unwritten-use";

    /// <summary>Adds <paramref name="record"/> to a hand-over, and the mark of an unwritten use when there is one.</summary>
    public static void Write(IDehydrationContext handOver, TokenRecord record, bool unwrittenUse)
    {
        handOver.TryAddValue(RecordKey, new GrainState<AccessTokenState>(record.State, record.ETag) { RecordExists = record.RecordExists });
        if (unwrittenUse)
        {
            handOver.TryAddValue(UnwrittenUseKey, true);
        }
    }

    /// <summary>The record a hand-over holds, and whether its date of last use was not stored; false when it holds none.</summary>
    public static bool TryRead(IRehydrationContext handOver, out TokenRecord record, out bool unwrittenUse)
    {
        record = new TokenRecord();
        unwrittenUse = false;
        if (!handOver.TryGetValue<GrainState<AccessTokenState>>(RecordKey, out var handed) || handed is null)
        {
            return false;
        }

        record.State = handed.State;
        record.ETag = handed.ETag;
        unwrittenUse = handOver.TryGetValue<bool>(UnwrittenUseKey, out var unwritten) && unwritten;
        return true;
    }
}
