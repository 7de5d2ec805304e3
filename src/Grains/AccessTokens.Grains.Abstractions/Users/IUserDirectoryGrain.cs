using Orleans.Concurrency;

namespace AccessTokens.Users;

/// <summary>
/// Every login and its profile (a single grain, key 0): pages through users, and tells the profile catalog
/// which users a profile change must reach.
/// </summary>
public interface IUserDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>Adds a login or changes its profile, durably.</summary>
    Task SetAsync(string login, string profile);

    /// <summary>Removes a login, durably.</summary>
    Task RemoveAsync(string login);

    /// <summary>Up to <paramref name="limit"/> logins after <paramref name="after"/> (exclusive), in order.</summary>
    [ReadOnly]
    Task<IReadOnlyList<string>> ListAsync(string? after, int limit);

    /// <summary>How many users exist.</summary>
    [ReadOnly]
    Task<int> CountAsync();

    /// <summary>The logins whose profile is <paramref name="profile"/>.</summary>
    [ReadOnly]
    Task<IReadOnlyList<string>> MembersAsync(string profile);

    /// <summary>Reads the profile of every login stored before the directory recorded profiles. Idempotent.</summary>
    Task UpgradeAsync();
}
