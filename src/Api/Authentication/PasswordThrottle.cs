using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace AccessTokens.Api.Authentication;

/// <summary>
/// Counts credential failures per login and per client address in this front end's memory, and locks a key
/// that reaches its limit for a while. A locked key is refused before any password is hashed, so a guesser
/// learns nothing and costs nothing while locked, whatever the password.
/// </summary>
public sealed class PasswordThrottle(IOptions<ThrottlingOptions> options, [FromKeyedServices(ServiceClock.Key)] TimeProvider clock)
{
    // Bounds memory under a spray of logins or addresses: past this many keys, expired ones are dropped.
    private const int PruneAbove = 100_000;

    private readonly ConcurrentDictionary<string, Counter> counters = new(StringComparer.Ordinal);

    /// <summary>How long <paramref name="login"/> or <paramref name="address"/> stays locked, or null when neither is.</summary>
    public TimeSpan? LockedFor(string? login, string address)
    {
        var now = clock.GetUtcNow();
        var longest = Remaining(LoginKey(login), now);
        var byAddress = Remaining(AddressKey(address), now);
        if (byAddress > longest)
        {
            longest = byAddress;
        }

        return longest > TimeSpan.Zero ? longest : null;
    }

    /// <summary>Counts a failure; a key reaching its limit is locked.</summary>
    public void Fail(string? login, string address)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        if (login is not null)
        {
            Count(LoginKey(login), settings.MaxFailuresPerLogin, now);
        }

        Count(AddressKey(address), settings.MaxFailuresPerAddress, now);
        if (counters.Count > PruneAbove)
        {
            foreach (var (key, counter) in counters)
            {
                if (counter.IsStale(now, settings.Window))
                {
                    counters.TryRemove(key, out _);
                }
            }
        }
    }

    /// <summary>A right password clears its login's failures (not its address's).</summary>
    public void Succeed(string login) => counters.TryRemove(LoginKey(login), out _);

    private void Count(string key, int limit, DateTimeOffset now)
    {
        if (limit <= 0)
        {
            return;
        }

        var settings = options.Value;
        counters.AddOrUpdate(
            key,
            _ => Counter.First(now).LockIfReached(limit, now, settings.Lockout),
            (_, counter) => counter.Add(now, settings.Window).LockIfReached(limit, now, settings.Lockout));
    }

    private TimeSpan Remaining(string? key, DateTimeOffset now) =>
        key is not null && counters.TryGetValue(key, out var counter) && counter.LockedUntil > now ? counter.LockedUntil - now : TimeSpan.Zero;

    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(login))]
    private static string? LoginKey(string? login) => login is null ? null : "login:" + login;

    private static string AddressKey(string address) => "address:" + address;

    private sealed record Counter(int Failures, DateTimeOffset WindowStart, DateTimeOffset LockedUntil)
    {
        public static Counter First(DateTimeOffset now) => new(1, now, DateTimeOffset.MinValue);

        public Counter Add(DateTimeOffset now, TimeSpan window) =>
            now - WindowStart > window ? new Counter(1, now, LockedUntil) : this with { Failures = Failures + 1 };

        // Reaching the limit locks, and starts counting afresh for when the lock ends.
        public Counter LockIfReached(int limit, DateTimeOffset now, TimeSpan lockout) =>
            Failures >= limit ? new Counter(0, now, now + lockout) : this;

        public bool IsStale(DateTimeOffset now, TimeSpan window) => LockedUntil <= now && now - WindowStart > window;
    }
}
