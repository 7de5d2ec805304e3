using System.ComponentModel.DataAnnotations;

namespace AccessTokens;

/// <summary>
/// Wrong-password throttling, bound from the <c>Throttling</c> configuration section. Per login, the user grain
/// counts (one place in the whole cluster, and one attempt at a time, so no burst of concurrent guesses gets past
/// a limit); per client address, each front end counts, attempts in flight included.
/// </summary>
public sealed class ThrottlingOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Throttling";

    /// <summary>
    /// Wrong passwords for one login from one address, within <see cref="Window"/>, before that address is locked
    /// for that login for <see cref="Lockout"/>; other addresses are not. Default 5; 0 turns it off.
    /// </summary>
    [Range(0, 10_000)]
    public int MaxFailuresPerLoginAndAddress { get; set; } = 5;

    /// <summary>
    /// Wrong passwords for one login from all addresses together, within <see cref="Window"/>: once reached, the login
    /// is tried only from addresses where it signed in successfully within <see cref="KnownAddressLifetime"/>, until the
    /// window ends. This bounds the guesses per login from unknown addresses, however many addresses send them. Default
    /// 30; 0 turns it off.
    /// </summary>
    [Range(0, 100_000)]
    public int MaxFailuresPerLogin { get; set; } = 30;

    /// <summary>
    /// Failures from one client address (wrong passwords for any login, and refused tokens at the admin endpoints),
    /// within <see cref="Window"/>, before the address is locked for <see cref="Lockout"/>; attempts in flight count.
    /// Default 20; 0 turns it off (behind a gateway every request has the gateway's address).
    /// </summary>
    [Range(0, 100_000)]
    public int MaxFailuresPerAddress { get; set; } = 20;

    /// <summary>How long failures count. Default 15 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How long an address stays locked once it reaches a limit; each further lock within the same window lasts twice
    /// as long as the one before, at most <see cref="Window"/>. Default 1 minute.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Lockout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long an address where a login signed in stays known for that login. Default 30 days.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan KnownAddressLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// Password hashes (Basic credentials, the admin screen's sign-in) one silo computes at once, each on a thread of the
    /// lowest scheduling priority. Default 0: a quarter of the cores, at least one. Checks of access tokens never wait for
    /// them.
    /// </summary>
    [Range(0, 1_024)]
    public int PasswordHashingConcurrency { get; set; }

    /// <summary>
    /// Password attempts that may wait for a hashing thread on one silo; beyond them, and for one that waited longer than
    /// <see cref="PasswordHashingWait"/>, the answer is 503 with <c>Retry-After</c> at once, without hashing. Default 4.
    /// </summary>
    [Range(0, 100_000)]
    public int PasswordHashingQueue { get; set; } = 4;

    /// <summary>How long a password attempt may wait for a hashing thread. Default 2 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan PasswordHashingWait { get; set; } = TimeSpan.FromSeconds(2);
}
