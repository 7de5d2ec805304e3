using System.Net;

namespace AccessTokens.Tokens;

/// <summary>
/// The last <see cref="Kept"/> distinct addresses a token was used from, each with when it was first and last seen and
/// how many uses: exact in memory, stored with the date of last use. Checks record uses outside the grain's turns too,
/// so every read and change locks the instance (itself: a lock object of its own would cost an object more per used
/// token, and only its grain holds it). Made at a token's first use, sized for one address and grown as more are seen
/// (most tokens are used from one server); a new address beyond <see cref="Kept"/> takes the place of the one seen
/// least recently.
/// </summary>
internal sealed class RecentAddresses
{
    /// <summary>How many distinct addresses are kept.</summary>
    public const int Kept = 5;

    private Entry[] entries;
    private int count;

    /// <summary>Starts from what was stored (addresses that no longer read are left out).</summary>
    public RecentAddresses(IReadOnlyList<RecentAddress>? stored)
    {
        entries = new Entry[Math.Clamp(stored?.Count ?? 1, 1, Kept)];
        Adopt(stored);
    }

    /// <summary>Records a use from <paramref name="address"/> at <paramref name="now"/>.</summary>
    public void Record(IPAddress address, DateTimeOffset now)
    {
        var ticks = now.UtcTicks;
        lock (this)
        {
            for (var i = 0; i < count; i++)
            {
                ref var entry = ref entries[i];
                if (entry.Address.Equals(address))
                {
                    entry.Last = Math.Max(entry.Last, ticks);
                    entry.Uses++;
                    return;
                }
            }

            Place(new Entry(address, ticks, ticks, 1));
        }
    }

    /// <summary>The addresses, most recently seen first.</summary>
    public RecentAddress[] ToArray()
    {
        lock (this)
        {
            return [.. entries.AsSpan(0, count).ToArray()
                .OrderByDescending(entry => entry.Last)
                .Select(entry => new RecentAddress(entry.Address.ToString(), At(entry.First), At(entry.Last), entry.Uses))];
        }
    }

    /// <summary>
    /// Takes in addresses just read from the store (at activation, or after another write landed): for an address this
    /// activation holds too, the earlier first sight, the later last sight and the larger count win.
    /// </summary>
    public void Adopt(IReadOnlyList<RecentAddress>? stored)
    {
        if (stored is null)
        {
            return;
        }

        lock (this)
        {
            foreach (var seen in stored)
            {
                if (!AddressRules.TryParseAddress(seen.Address, out var address))
                {
                    continue;
                }

                var merged = false;
                for (var i = 0; i < count && !merged; i++)
                {
                    ref var entry = ref entries[i];
                    if (entry.Address.Equals(address))
                    {
                        entry.First = Math.Min(entry.First, seen.FirstSeenAt.UtcTicks);
                        entry.Last = Math.Max(entry.Last, seen.LastSeenAt.UtcTicks);
                        entry.Uses = Math.Max(entry.Uses, seen.Uses);
                        merged = true;
                    }
                }

                if (!merged)
                {
                    Place(new Entry(address, seen.FirstSeenAt.UtcTicks, seen.LastSeenAt.UtcTicks, seen.Uses));
                }
            }
        }
    }

    // Adds an address not held yet: in a free place, or in the place of the one seen least recently when all are taken
    // (unless that one was seen later than this, as a stored address read after newer uses may be).
    private void Place(Entry entry)
    {
        if (count < Kept)
        {
            if (count == entries.Length)
            {
                Array.Resize(ref entries, Math.Min(Kept, entries.Length * 2));
            }

            entries[count++] = entry;
            return;
        }

        var oldest = 0;
        for (var i = 1; i < count; i++)
        {
            if (entries[i].Last < entries[oldest].Last)
            {
                oldest = i;
            }
        }

        if (entries[oldest].Last <= entry.Last)
        {
            entries[oldest] = entry;
        }
    }

    private static DateTimeOffset At(long ticks) => new(ticks, TimeSpan.Zero);

    private record struct Entry(IPAddress Address, long First, long Last, long Uses);
}
