using Orleans.Concurrency;

namespace AccessTokens.Users;

/// <summary>The sorted list of every login (a single grain, key 0), for paging through users.</summary>
public interface IUserDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>Adds a login, durably.</summary>
    Task AddAsync(string login);

    /// <summary>Removes a login, durably.</summary>
    Task RemoveAsync(string login);

    /// <summary>Up to <paramref name="limit"/> logins after <paramref name="after"/> (exclusive), in order.</summary>
    [ReadOnly]
    Task<IReadOnlyList<string>> ListAsync(string? after, int limit);

    /// <summary>How many users exist.</summary>
    [ReadOnly]
    Task<int> CountAsync();
}
