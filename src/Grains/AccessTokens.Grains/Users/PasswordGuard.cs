using AccessTokens.Common;

namespace AccessTokens.Users;

/// <summary>
/// The wrong passwords of one login, held by its user grain in memory, where the login's attempts run one at a time:
/// a limit can never be passed by attempts made at once. Each address is locked for this login on its own after
/// <see cref="ThrottlingOptions.MaxFailuresPerLoginAndAddress"/> failures, so guesses from one place never lock the
/// owner out of another; and once <see cref="ThrottlingOptions.MaxFailuresPerLogin"/> failures from all addresses
/// together fall within a window, only addresses known for the login may try until the window ends, which bounds the
/// guesses per login from unknown addresses however many of them an attacker holds.
/// </summary>
internal sealed class PasswordGuard
{
    // Bounds memory under guesses from a great many addresses: past this many, those that no longer count are dropped.
    private const int PruneAbove = 1024;

    private readonly Dictionary<string, FailureCounter> byAddress = new(StringComparer.Ordinal);
    private FailureCounter total = FailureCounter.None;

    /// <summary>True when no failure counts any more at <paramref name="now"/>: forgetting the guard changes nothing.</summary>
    public bool IsIdle(DateTimeOffset now, TimeSpan window) =>
        total.IsStale(now, window) && byAddress.Values.All(counter => counter.IsStale(now, window));

    /// <summary>How long an attempt from <paramref name="address"/> must wait, or null when it may be verified now.</summary>
    public TimeSpan? RefusedFor(string address, bool known, DateTimeOffset now, ThrottlingOptions options)
    {
        if (byAddress.TryGetValue(address, out var counter) && counter.LockedFor(now) is { Ticks: > 0 } locked)
        {
            return locked;
        }

        if (!known && options.MaxFailuresPerLogin > 0 && total.FailuresAt(now, options.Window) >= options.MaxFailuresPerLogin)
        {
            return total.WindowEnd(options.Window) - now;
        }

        return null;
    }

    /// <summary>Counts a wrong password from <paramref name="address"/>.</summary>
    public void Failed(string address, DateTimeOffset now, ThrottlingOptions options)
    {
        total = total.Add(now, options.Window, limit: 0, options.Lockout);
        if (options.MaxFailuresPerLoginAndAddress > 0)
        {
            byAddress[address] = byAddress.GetValueOrDefault(address, FailureCounter.None)
                .Add(now, options.Window, options.MaxFailuresPerLoginAndAddress, options.Lockout);
        }

        if (byAddress.Count > PruneAbove)
        {
            foreach (var (key, stale) in byAddress)
            {
                if (stale.IsStale(now, options.Window))
                {
                    byAddress.Remove(key);
                }
            }
        }
    }

    /// <summary>The right password from <paramref name="address"/> clears that address's failures for this login (not the others').</summary>
    public void Succeeded(string address) => byAddress.Remove(address);
}
