using System.ComponentModel.DataAnnotations;

namespace AccessTokens.Api.Authentication;

/// <summary>Password-failure throttling, bound from the <c>Throttling</c> configuration section.</summary>
public sealed class ThrottlingOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Throttling";

    /// <summary>Wrong passwords for one login, within <see cref="Window"/>, before it is locked. Default 5; 0 turns it off.</summary>
    [Range(0, 10_000)]
    public int MaxFailuresPerLogin { get; set; } = 5;

    /// <summary>
    /// Wrong passwords (and, on admin endpoints, refused tokens) from one client address, within <see cref="Window"/>,
    /// before it is locked. Default 20; 0 turns it off (behind a gateway every request has the gateway's address).
    /// </summary>
    [Range(0, 100_000)]
    public int MaxFailuresPerAddress { get; set; } = 20;

    /// <summary>How long failures count. Default 5 minutes.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a login or address stays locked once it reaches its limit. Default 1 minute.</summary>
    public TimeSpan Lockout { get; set; } = TimeSpan.FromMinutes(1);
}
