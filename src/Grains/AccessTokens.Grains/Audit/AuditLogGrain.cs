using AccessTokens.Time;

namespace AccessTokens.Audit;

/// <summary>
/// The head of the audit trail. An append is stored before it returns; a full head is sealed into its segment
/// first, so a crash between the two writes seals the same entries again on the next append.
/// </summary>
public sealed class AuditLogGrain(
    [PersistentState("audit", StorageNames.Store)] IPersistentState<AuditLogState> state,
    ServiceCalendar calendar) : Grain, IAuditLogGrain
{
    // Segments one query reads at most: a filter that matches rarely answers with a short page and a cursor
    // rather than reading the whole trail in one request.
    private const int MaxSegmentsPerQuery = 32;

    public async Task AppendAsync(AuditRecord record)
    {
        var log = state.State;
        if (log.Head.Count >= IAuditLogGrain.SegmentSize)
        {
            await Segment(log.Head[0].Sequence / IAuditLogGrain.SegmentSize).SealAsync(log.Head);
            log.Head = [];
        }

        var entry = new AuditEntry(
            log.NextSequence, record.At ?? calendar.Now, record.Actor, record.Action, record.Target, record.ClientAddress, record.Outcome,
            record.TokenId, record.TokenCreatedBy, record.Count);
        log.Head.Add(entry);
        log.NextSequence++;
        try
        {
            await state.WriteSettledAsync(this);
        }
        catch
        {
            log.Head.Remove(entry);
            log.NextSequence--;
            throw;
        }
    }

    public async Task<AuditPage> QueryAsync(AuditQuery query)
    {
        // A snapshot: appends interleave with this query and may seal the head meanwhile.
        var head = state.State.Head.ToList();
        var before = query.Before ?? long.MaxValue;
        var found = new List<AuditEntry>(query.Limit + 1);
        if (Collect(head, query, before, found))
        {
            return Page(found, query.Limit);
        }

        var oldest = head.Count > 0 ? head[0].Sequence : state.State.NextSequence;
        var newestWanted = Math.Min(oldest, before) - 1;
        var segment = newestWanted < 0 ? -1 : newestWanted / IAuditLogGrain.SegmentSize;

        for (var read = 0; segment >= 0; read++, segment--)
        {
            if (read == MaxSegmentsPerQuery)
            {
                return new AuditPage(found, (segment + 1) * IAuditLogGrain.SegmentSize);
            }

            if (Collect(await Segment(segment).ReadAsync(), query, before, found))
            {
                return Page(found, query.Limit);
            }
        }

        return new AuditPage(found, null);
    }

    private IAuditSegmentGrain Segment(long number) => GrainFactory.GetGrain<IAuditSegmentGrain>(number);

    // Adds matches newest first; true once one more than the page holds is found.
    private static bool Collect(IReadOnlyList<AuditEntry> entries, AuditQuery query, long before, List<AuditEntry> found)
    {
        for (var i = entries.Count - 1; i >= 0; i--)
        {
            var entry = entries[i];
            if (entry.Sequence >= before
                || (query.Actor is not null && !string.Equals(entry.Actor, query.Actor, StringComparison.Ordinal)
                    && !string.Equals(entry.TokenCreatedBy, query.Actor, StringComparison.Ordinal))
                || (query.Target is not null && !string.Equals(entry.Target, query.Target, StringComparison.Ordinal)))
            {
                continue;
            }

            found.Add(entry);
            if (found.Count > query.Limit)
            {
                return true;
            }
        }

        return false;
    }

    private static AuditPage Page(List<AuditEntry> found, int limit)
    {
        var items = found.Take(limit).ToList();
        return new AuditPage(items, items[^1].Sequence);
    }
}
