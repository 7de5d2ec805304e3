namespace AccessTokens.Users;

/// <summary>The stored list of every login.</summary>
public sealed class UserDirectoryState
{
    /// <summary>Every login, in ordinal order.</summary>
    public List<string> Logins { get; set; } = [];
}
