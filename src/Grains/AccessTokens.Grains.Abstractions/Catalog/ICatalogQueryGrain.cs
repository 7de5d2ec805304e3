using AccessTokens.Users;
using Orleans.Concurrency;

namespace AccessTokens.Catalog;

/// <summary>
/// Answers list queries by fanning out to the catalog shards (or the user directory), merging, and reading
/// only the records of the page. A stateless worker: one per core on every silo, no state of its own.
/// </summary>
public interface ICatalogQueryGrain : IGrainWithIntegerKey
{
    /// <summary>A page of tokens, newest first.</summary>
    [ReadOnly]
    Task<TokenPage> ListTokensAsync(TokenQuery query);

    /// <summary>A page of users by login.</summary>
    [ReadOnly]
    Task<UserPage> ListUsersAsync(string? after, int limit);

    /// <summary>The distinct resources named by any token; only by live tokens when <paramref name="liveOnly"/>.</summary>
    Task<IReadOnlyList<string>> ResourcesNamedAsync(bool liveOnly);
}
