using System.Collections.Concurrent;
using AccessTokens.Common;
using Microsoft.Extensions.Options;

namespace AccessTokens.Api.Authentication;

/// <summary>
/// Counts credential failures per client address in this front end's memory, across logins (per login, the user
/// grain counts). An attempt is admitted with <see cref="Begin"/>, which holds a place until <see cref="Admission.End"/>:
/// attempts in flight count against the limit, so a burst from one address verifies no more passwords than the
/// limit allows, and a locked address is refused before any password is hashed.
/// </summary>
public sealed class PasswordThrottle(IOptions<ThrottlingOptions> options, [FromKeyedServices(ServiceClock.Key)] TimeProvider clock)
{
    // Bounds memory under a spray of addresses: past this many, those that no longer count are dropped.
    private const int PruneAbove = 100_000;

    private readonly ConcurrentDictionary<string, Slot> addresses = new(StringComparer.Ordinal);

    /// <summary>
    /// Admits an attempt from <paramref name="address"/>, or refuses it (<see cref="Admission.RetryAfter"/> says how long
    /// to wait). An admitted attempt holds its place until <see cref="Admission.End"/>.
    /// </summary>
    public Admission Begin(string address)
    {
        var settings = options.Value;
        if (settings.MaxFailuresPerAddress <= 0)
        {
            return Admission.Unlimited;
        }

        var slot = addresses.GetOrAdd(address, static _ => new Slot());
        var now = clock.GetUtcNow();
        lock (slot)
        {
            if (slot.Counter.LockedFor(now) is { Ticks: > 0 } locked)
            {
                return new Admission(null, this, locked);
            }

            if (slot.Counter.FailuresAt(now, settings.Window) + slot.InFlight >= settings.MaxFailuresPerAddress)
            {
                // The limit is taken by failures and attempts still being verified: one may yet end as a success.
                return new Admission(null, this, TimeSpan.FromSeconds(1));
            }

            slot.InFlight++;
            return new Admission(slot, this, null);
        }
    }

    /// <summary>Counts a failure that needed no verification (a malformed login, a refused token at an admin endpoint).</summary>
    public void Fail(string address)
    {
        if (options.Value.MaxFailuresPerAddress <= 0)
        {
            return;
        }

        var slot = addresses.GetOrAdd(address, static _ => new Slot());
        lock (slot)
        {
            Count(slot);
        }

        Prune();
    }

    private void Count(Slot slot)
    {
        var settings = options.Value;
        slot.Counter = slot.Counter.Add(clock.GetUtcNow(), settings.Window, settings.MaxFailuresPerAddress, settings.Lockout);
    }

    private void Prune()
    {
        if (addresses.Count <= PruneAbove)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var window = options.Value.Window;
        foreach (var (address, slot) in addresses)
        {
            lock (slot)
            {
                if (slot.InFlight == 0 && slot.Counter.IsStale(now, window))
                {
                    addresses.TryRemove(KeyValuePair.Create(address, slot));
                }
            }
        }
    }

    /// <summary>An attempt admitted (or refused) by <see cref="Begin"/>.</summary>
    public sealed class Admission
    {
        internal static readonly Admission Unlimited = new(null, null, null);

        private readonly Slot? slot;
        private readonly PasswordThrottle? throttle;
        private bool ended;

        internal Admission(Slot? slot, PasswordThrottle? throttle, TimeSpan? retryAfter)
        {
            this.slot = slot;
            this.throttle = throttle;
            RetryAfter = retryAfter;
        }

        /// <summary>How long a refused attempt must wait; null when it was admitted.</summary>
        public TimeSpan? RetryAfter { get; }

        /// <summary>Gives the place back; a failed attempt counts against the address.</summary>
        public void End(bool failed)
        {
            if (slot is null || throttle is null || ended)
            {
                return;
            }

            ended = true;
            lock (slot)
            {
                slot.InFlight--;
                if (failed)
                {
                    throttle.Count(slot);
                }
            }
        }
    }

    // Guarded by its own lock: an admission reads and changes the count and the attempts in flight together.
    internal sealed class Slot
    {
        public FailureCounter Counter { get; set; } = FailureCounter.None;

        public int InFlight { get; set; }
    }
}
