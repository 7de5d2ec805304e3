namespace AccessTokens.Users;

/// <summary>The stored record of one user. Holds a password hash, never a password.</summary>
[GenerateSerializer, Alias("AccessTokens.UserState")]
public sealed class UserState
{
    /// <summary>The login; empty while the user does not exist.</summary>
    [Id(0)]
    public string Login { get; set; } = string.Empty;

    /// <summary>Display name.</summary>
    [Id(1)]
    public string Name { get; set; } = string.Empty;

    /// <summary>Profile name.</summary>
    [Id(2)]
    public string Profile { get; set; } = AccessTokens.Profiles.BuiltInProfiles.User;

    /// <summary>False when disabled: every token of the user fails.</summary>
    [Id(3)]
    public bool Active { get; set; } = true;

    /// <summary>When the user was created.</summary>
    [Id(4)]
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>ASP.NET Core Identity password hash for Basic, or null when the user has no password.</summary>
    [Id(5)]
    public string? PasswordHash { get; set; }

    /// <summary>Ids of every token ever issued to the user, revoked ones included.</summary>
    [Id(6)]
    public TokenIdList TokenIds { get; set; } = new();

    /// <summary>Addresses the user signed in from with the right password, most recent last (see <see cref="KnownAddresses"/>).</summary>
    [Id(7)]
    public List<KnownAddress> SignInAddresses { get; set; } = [];

    /// <summary>The user's open admin screen sessions, by the hash of their ids (see <see cref="UserSessions"/>).</summary>
    [Id(8)]
    public List<UserSession> Sessions { get; set; } = [];
}
