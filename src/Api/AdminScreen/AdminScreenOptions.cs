using System.ComponentModel.DataAnnotations;

namespace AccessTokens.Api.AdminScreen;

/// <summary>Settings of the admin screen, bound from the <c>AdminScreen</c> configuration section.</summary>
public sealed class AdminScreenOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "AdminScreen";

    /// <summary>
    /// Folder of the data-protection keys that protect the sign-in and anti-forgery cookies. Every silo and
    /// front end behind one address must share the keys (a shared volume), or a cookie issued by one is
    /// refused by another. Default: empty, ASP.NET Core's per-user folder (<c>~/.aspnet/DataProtection-Keys</c>),
    /// which processes of one user on one host share.
    /// </summary>
    public string? KeysDirectory { get; set; }

    /// <summary>How long a session lasts without a request; each request past half of it renews the cookie. Default 1 hour.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long a session lasts at most from its sign-in, however it is used; the service ends it then, as it does at
    /// sign-out and when the user's password, active flag or profile changes. Default 8 hours.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);
}
