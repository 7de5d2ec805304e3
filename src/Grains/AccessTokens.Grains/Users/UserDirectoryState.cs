namespace AccessTokens.Users;

/// <summary>The stored list of every login, with its profile.</summary>
public sealed class UserDirectoryState
{
    /// <summary>Every login, in ordinal order.</summary>
    public List<string> Logins { get; set; } = [];

    /// <summary>The profile of each login; stores written before profiles were data lack it until upgraded.</summary>
    public Dictionary<string, string> Profiles { get; set; } = new(StringComparer.Ordinal);
}
