namespace AccessTokens.Users;

/// <summary>The stored list of every login, with its profile.</summary>
[GenerateSerializer, Alias("AccessTokens.UserDirectoryState")]
public sealed class UserDirectoryState
{
    /// <summary>Every login, in ordinal order.</summary>
    [Id(0)]
    public List<string> Logins { get; set; } = [];

    /// <summary>The profile of each login; stores written before profiles were data lack it until upgraded.</summary>
    [Id(1)]
    public Dictionary<string, string> Profiles { get; set; } = new(StringComparer.Ordinal);
}
