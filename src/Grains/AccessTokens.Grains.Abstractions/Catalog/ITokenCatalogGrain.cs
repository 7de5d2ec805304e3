using Orleans.Concurrency;

namespace AccessTokens.Catalog;

/// <summary>
/// One shard of the token index, keyed by shard number (see <see cref="CatalogShard"/>). Token grains
/// upsert their summary on creation and revocation; lists read the shards and never activate tokens
/// outside the page they return.
/// </summary>
public interface ITokenCatalogGrain : IGrainWithIntegerKey
{
    /// <summary>Adds or replaces a token's summary, durably.</summary>
    Task UpsertAsync(TokenSummary summary);

    /// <summary>Removes a token's summary, durably.</summary>
    Task RemoveAsync(string tokenId);

    /// <summary>Up to <c>query.Limit + 1</c> matching summaries after <c>query.After</c>, newest first.</summary>
    [ReadOnly]
    Task<IReadOnlyList<TokenSummary>> QueryAsync(TokenQuery query, DateTimeOffset now);

    /// <summary>The id of every token this shard indexes.</summary>
    [ReadOnly]
    Task<IReadOnlyList<string>> IdsAsync();

    /// <summary>
    /// The distinct resources named by this shard's tokens; only by tokens still live at <paramref name="liveAt"/>
    /// when given. Summaries stored without resources are completed from their token grains.
    /// </summary>
    Task<IReadOnlyList<string>> ResourcesNamedAsync(DateTimeOffset? liveAt);
}
