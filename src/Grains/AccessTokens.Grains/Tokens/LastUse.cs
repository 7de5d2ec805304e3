namespace AccessTokens.Tokens;

/// <summary>
/// A token's exact date of last use, and whether a use is not stored yet. Checks record uses outside the grain's turns
/// (see <see cref="LocalTokenChecks"/>), so both fields are only read and changed with interlocked operations. Held by the
/// grain by value: no object of its own per activation.
/// </summary>
internal struct LastUse
{
    // UTC ticks of the last use, 0 for never. Only ever moves forward.
    private long ticks;

    // 1 from the first use after a write (or a write that did not happen) until the next write begins.
    private int unwritten;

    /// <summary>The date of last use, or null for never.</summary>
    public readonly DateTimeOffset? At
    {
        get
        {
            var seen = Volatile.Read(in ticks);
            return seen == 0 ? null : new DateTimeOffset(seen, TimeSpan.Zero);
        }
    }

    /// <summary>True when a use is not stored yet.</summary>
    public readonly bool Unwritten => Volatile.Read(in unwritten) == 1;

    /// <summary>
    /// Records a use at <paramref name="now"/>. True when it is the first use since the last write: the caller then asks
    /// for a write one interval later, so writes are at least an interval apart and an unused token is in no queue.
    /// </summary>
    public bool Record(DateTimeOffset now)
    {
        MoveTo(now.UtcTicks);
        return MarkUnwritten();
    }

    /// <summary>Takes in the date of a record just read: the later of the two dates wins.</summary>
    public void Adopt(DateTimeOffset? stored) => MoveTo(stored?.UtcTicks ?? 0);

    /// <summary>Called as a write of the date begins: a use from then on asks for another write.</summary>
    public void BeginWrite() => Interlocked.Exchange(ref unwritten, 0);

    /// <summary>Marks a use as not stored (a write that did not happen, a hand-over); true when it was stored until now.</summary>
    public bool MarkUnwritten() => Interlocked.CompareExchange(ref unwritten, 1, 0) == 0;

    /// <summary>True when the date is later than <paramref name="stored"/>.</summary>
    public readonly bool IsLaterThan(DateTimeOffset? stored) => (stored?.UtcTicks ?? 0) < Volatile.Read(in ticks);

    private void MoveTo(long later)
    {
        long seen;
        while ((seen = Interlocked.Read(ref ticks)) < later && Interlocked.CompareExchange(ref ticks, later, seen) != seen)
        {
        }
    }
}
