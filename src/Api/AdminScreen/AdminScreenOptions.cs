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
}
