using AccessTokens.Audit;

namespace AccessTokens.Api.Audit;

/// <summary>
/// The audit entries of changes that were made but whose entry the trail could not store at the time (the store
/// refused or did not answer the append). A change that is committed stands and is answered as made; its entry waits
/// here, with the time of the change, and is appended again every <see cref="Retry"/> (and when the process stops)
/// until the trail takes it, in the order of the changes. Kept in memory: a crash of the process before the store comes
/// back loses the waiting entries, which the log then still shows (each is logged when it is kept).
/// </summary>
public sealed class AuditBacklog(
    IGrainFactory grains,
    [FromKeyedServices(ServiceClock.Key)] TimeProvider clock,
    ILogger<AuditBacklog> logger) : PeriodicAuditWriter(grains, clock, Retry)
{
    /// <summary>How long after a failed append the waiting entries are tried again.</summary>
    public static readonly TimeSpan Retry = TimeSpan.FromSeconds(2);

    // Entries kept at most; beyond them an entry is only in the log (a store down for that long also refuses the changes).
    private const int MaxWaiting = 10_000;

    private readonly Lock gate = new();
    private readonly Queue<AuditRecord> waiting = new();

    /// <summary>Entries waiting to be appended.</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return waiting.Count;
            }
        }
    }

    /// <summary>Keeps <paramref name="record"/>, whose append failed with <paramref name="failure"/>, to append it later.</summary>
    public void Keep(AuditRecord record, Exception failure)
    {
        var kept = record with { At = record.At ?? Clock.GetUtcNow() };
        bool added;
        lock (gate)
        {
            added = waiting.Count < MaxWaiting;
            if (added)
            {
                waiting.Enqueue(kept);
            }
        }

        if (added)
        {
            Log.AuditEntryDeferred(logger, failure, kept.Action, kept.Target, kept.Actor, kept.Outcome);
        }
        else
        {
            Log.AuditEntryNotKept(logger, failure, kept.Action, kept.Target, kept.Actor, kept.Outcome);
        }
    }

    /// <summary>Appends the waiting entries, oldest first, until one fails (it and the rest wait for the next try).</summary>
    protected override async Task WriteHeldAsync()
    {
        var refused = await AppendInOrderAsync(
            () =>
            {
                lock (gate)
                {
                    return waiting.TryPeek(out var next) ? next : null;
                }
            },
            written =>
            {
                lock (gate)
                {
                    waiting.Dequeue();
                }

                Log.AuditEntryWritten(logger, written.Action, written.Target);
            });
        if (refused is not null)
        {
            Log.AuditBacklogNotWritten(logger, refused, Count);
        }
    }
}
