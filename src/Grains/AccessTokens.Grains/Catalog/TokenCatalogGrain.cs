using AccessTokens.Tokens;
using Orleans.Storage;

namespace AccessTokens.Catalog;

/// <summary>One shard of the token index, ordered newest first in memory.</summary>
public sealed class TokenCatalogGrain(
    [PersistentState("catalog", StorageNames.Store)] IPersistentState<TokenCatalogState> state) : Grain, ITokenCatalogGrain
{
    private readonly Dictionary<string, TokenSummary> byId = new(StringComparer.Ordinal);
    private readonly SortedSet<TokenPosition> order = new(TokenPosition.NewestFirst);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var summary in state.State.Tokens)
        {
            Put(summary);
        }

        return Task.CompletedTask;
    }

    public async Task UpsertAsync(TokenSummary summary)
    {
        var previous = byId.GetValueOrDefault(summary.Id);
        if (previous == summary)
        {
            return;
        }

        Put(summary);
        await SaveAsync(() =>
        {
            Drop(summary.Id);
            if (previous is not null)
            {
                Put(previous);
            }
        });
    }

    public async Task RemoveAsync(string tokenId)
    {
        // Written even when memory has no such entry: an upsert whose answer was lost may have stored it after all.
        var previous = byId.GetValueOrDefault(tokenId);
        Drop(tokenId);
        try
        {
            await SaveAsync(() =>
            {
                if (previous is not null)
                {
                    Put(previous);
                }
            });
        }
        catch (InconsistentStateException)
        {
            // That lost answer left this activation a version behind the store: read what is stored, and remove from it.
            await state.ReadStateAsync();
            byId.Clear();
            order.Clear();
            foreach (var summary in state.State.Tokens)
            {
                Put(summary);
            }

            Drop(tokenId);
            await SaveAsync(() => { });
        }
    }

    public Task<IReadOnlyList<TokenSummary>> QueryAsync(TokenQuery query, DateTimeOffset now)
    {
        var matches = new List<TokenSummary>(Math.Min(query.Limit + 1, order.Count));
        foreach (var position in After(query.After))
        {
            var summary = byId[position.Id];
            if (Matches(summary, query, now))
            {
                matches.Add(summary);
                if (matches.Count > query.Limit)
                {
                    break;
                }
            }
        }

        return Task.FromResult<IReadOnlyList<TokenSummary>>(matches);
    }

    public Task<IReadOnlyList<string>> IdsAsync() => Task.FromResult<IReadOnlyList<string>>([.. byId.Keys]);

    public async Task<IReadOnlyList<string>> ResourcesNamedAsync(DateTimeOffset? liveAt)
    {
        var incomplete = byId.Values.Where(summary => summary.Resources is null).ToList();
        if (incomplete.Count > 0)
        {
            // Summaries stored before resources were catalogued: complete them once from their tokens.
            var views = await Task.WhenAll(incomplete.Select(summary => GrainFactory.GetGrain<IAccessTokenGrain>(summary.Id).GetAsync()));
            var completed = 0;
            foreach (var view in views.OfType<AccessTokenView>())
            {
                if (byId.TryGetValue(view.Id, out var summary) && summary.Resources is null)
                {
                    byId[view.Id] = summary with { Resources = view.Resources };
                    completed++;
                }
            }

            if (completed > 0)
            {
                state.State.Tokens = [.. byId.Values];
                await state.WriteSettledAsync(this);
            }
        }

        return [.. byId.Values
            .Where(summary => liveAt is not { } now || TokenStatuses.Of(summary.Revoked, summary.ExpiresAt, now) == TokenStatus.Active)
            .SelectMany(summary => summary.Resources ?? [])
            .Distinct(StringComparer.Ordinal)];
    }

    private IEnumerable<TokenPosition> After(TokenPosition? after)
    {
        if (after is not { } start)
        {
            return order;
        }

        if (order.Count == 0 || TokenPosition.NewestFirst.Compare(start, order.Max) >= 0)
        {
            return [];
        }

        return order.GetViewBetween(start, order.Max).Where(position => position != start);
    }

    private static bool Matches(TokenSummary summary, TokenQuery query, DateTimeOffset now)
    {
        if (query.User is not null && !string.Equals(summary.User, query.User, StringComparison.Ordinal))
        {
            return false;
        }

        if (query.Search is not null && !summary.Name.Contains(query.Search, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return query.Status is null || query.Status == TokenStatuses.Of(summary.Revoked, summary.ExpiresAt, now);
    }

    private void Put(TokenSummary summary)
    {
        Drop(summary.Id);
        byId[summary.Id] = summary;
        order.Add(new TokenPosition(summary.CreatedAt, summary.Id));
    }

    private void Drop(string tokenId)
    {
        if (byId.Remove(tokenId, out var existing))
        {
            order.Remove(new TokenPosition(existing.CreatedAt, existing.Id));
        }
    }

    private async Task SaveAsync(Action undo)
    {
        state.State.Tokens = [.. byId.Values];
        try
        {
            await state.WriteSettledAsync(this);
        }
        catch
        {
            undo();
            state.State.Tokens = [.. byId.Values];
            throw;
        }
    }
}
