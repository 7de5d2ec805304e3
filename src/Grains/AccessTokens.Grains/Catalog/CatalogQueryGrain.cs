using AccessTokens.Time;
using AccessTokens.Tokens;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace AccessTokens.Catalog;

/// <summary>Fans token queries out to the catalog shards, merges them, and reads the records of the page only.</summary>
[StatelessWorker]
public sealed class CatalogQueryGrain(ServiceCalendar calendar, IOptions<AccessTokensOptions> options) : Grain, ICatalogQueryGrain
{
    public async Task<TokenPage> ListTokensAsync(TokenQuery query)
    {
        var now = calendar.Now;
        var shards = await Task.WhenAll(Enumerable.Range(0, options.Value.CatalogShards)
            .Select(shard => GrainFactory.GetGrain<ITokenCatalogGrain>(shard).QueryAsync(query, now)));
        var merged = shards.SelectMany(found => found)
            .OrderBy(summary => new TokenPosition(summary.CreatedAt, summary.Id), TokenPosition.NewestFirst)
            .Take(query.Limit + 1)
            .ToList();
        var page = merged.Take(query.Limit).ToList();
        var views = await Task.WhenAll(page.Select(summary => GrainFactory.GetGrain<IAccessTokenGrain>(summary.Id).GetAsync()));
        TokenPosition? next = merged.Count > query.Limit ? new TokenPosition(page[^1].CreatedAt, page[^1].Id) : null;
        return new TokenPage([.. views.OfType<AccessTokenView>()], next);
    }

    public async Task<IReadOnlyList<string>> ResourcesNamedAsync(bool liveOnly)
    {
        DateTimeOffset? liveAt = liveOnly ? calendar.Now : null;
        var shards = await Task.WhenAll(Enumerable.Range(0, options.Value.CatalogShards)
            .Select(shard => GrainFactory.GetGrain<ITokenCatalogGrain>(shard).ResourcesNamedAsync(liveAt)));
        return [.. shards.SelectMany(found => found).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }
}
