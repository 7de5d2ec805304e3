using Orleans.Concurrency;

namespace AccessTokens.Catalog;

/// <summary>
/// Answers token list queries by fanning out to the catalog shards, merging, and reading only the records of the
/// page (the user list is <see cref="Users.IUserQueryGrain"/>'s). A stateless worker: one per core on every silo, no state of its own.
/// </summary>
public interface ICatalogQueryGrain : IGrainWithIntegerKey
{
    /// <summary>A page of tokens, newest first.</summary>
    [ReadOnly]
    Task<TokenPage> ListTokensAsync(TokenQuery query);

    /// <summary>The distinct resources named by any token; only by live tokens when <paramref name="liveOnly"/>.</summary>
    Task<IReadOnlyList<string>> ResourcesNamedAsync(bool liveOnly);
}
