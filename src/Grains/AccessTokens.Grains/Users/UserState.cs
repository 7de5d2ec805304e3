namespace AccessTokens.Users;

/// <summary>The stored record of one user. Holds a password hash, never a password.</summary>
public sealed class UserState
{
    /// <summary>The login; empty while the user does not exist.</summary>
    public string Login { get; set; } = string.Empty;

    /// <summary>Display name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Profile name.</summary>
    public string Profile { get; set; } = AccessTokens.Profiles.BuiltInProfiles.User;

    /// <summary>False when disabled: every token of the user fails.</summary>
    public bool Active { get; set; } = true;

    /// <summary>When the user was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>ASP.NET Core Identity password hash for Basic, or null when the user has no password.</summary>
    public string? PasswordHash { get; set; }

    /// <summary>Ids of every token ever issued to the user, revoked ones included.</summary>
    public List<string> TokenIds { get; set; } = [];
}
