using AccessTokens.Audit;

namespace AccessTokens.Api.Audit;

/// <summary>
/// Sums up the refusals at the admin endpoints that name no known user or token (made-up logins and tokens, throttled
/// attempts): one audit entry per address, action and outcome each <see cref="Window"/>, with the count, instead of one
/// write per refusal. A flood of them costs a few writes a minute. Refusals of a known user or token are written one by
/// one, as they happen (see <see cref="AuditTrail.RecordRefusalAsync"/>). A crash loses at most one window of counts.
/// </summary>
public sealed class RefusalTally(
    IGrainFactory grains,
    [FromKeyedServices(ServiceClock.Key)] TimeProvider clock,
    ILogger<RefusalTally> logger) : PeriodicAuditWriter(grains, clock, Window)
{
    /// <summary>How long refusals are summed up before their entries are written.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>The address of the entry that sums up the refusals from addresses beyond <see cref="MaxAddresses"/>.</summary>
    public const string OtherAddresses = "(other addresses)";

    // Entries one window may write at most; the refusals of further addresses share one entry.
    private const int MaxAddresses = 1_000;

    private readonly Lock gate = new();
    private Dictionary<Key, Tally> tallies = [];

    /// <summary>Counts a refusal from <paramref name="address"/>, to be written with the others of its window.</summary>
    public void Add(string action, string target, string address, string outcome)
    {
        lock (gate)
        {
            var key = new Key(action, outcome, address);
            if (!tallies.TryGetValue(key, out var tally))
            {
                if (tallies.Count >= MaxAddresses)
                {
                    key = key with { Address = OtherAddresses };
                }

                tally = TallyOf(key, target);
            }

            tally.Count++;
        }
    }

    /// <summary>Writes the entries of the refusals counted so far (each window, and when the process stops).</summary>
    protected override async Task WriteHeldAsync()
    {
        Dictionary<Key, Tally> window;
        lock (gate)
        {
            (window, tallies) = (tallies, []);
        }

        var left = new Queue<KeyValuePair<Key, Tally>>(window);
        var refused = await AppendInOrderAsync(
            () => left.TryPeek(out var pair)
                ? new AuditRecord("anonymous", pair.Key.Action, pair.Value.Target, pair.Key.Address, pair.Key.Outcome, Count: pair.Value.Count)
                : null,
            _ => left.Dequeue());
        if (refused is not null)
        {
            // Kept for the next window: the counts are not lost with the store.
            Log.RefusalTallyNotWritten(logger, refused, left.Count);
            lock (gate)
            {
                foreach (var (key, tally) in left)
                {
                    TallyOf(key, tally.Target).Count += tally.Count;
                }
            }
        }
    }

    // Under the gate.
    private Tally TallyOf(Key key, string target)
    {
        if (!tallies.TryGetValue(key, out var tally))
        {
            tally = new Tally(target);
            tallies[key] = tally;
        }

        return tally;
    }

    private readonly record struct Key(string Action, string Outcome, string Address);

    private sealed class Tally(string target)
    {
        // The first target refused in the window.
        public string Target { get; } = target;

        public int Count { get; set; }
    }
}
