namespace AccessTokens.Users;

/// <summary>The sorted list of every login, for paging through users.</summary>
public sealed class UserDirectoryGrain(
    [PersistentState("users", StorageNames.Store)] IPersistentState<UserDirectoryState> state) : Grain, IUserDirectoryGrain
{
    private readonly SortedSet<string> logins = new(StringComparer.Ordinal);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        logins.UnionWith(state.State.Logins);
        return Task.CompletedTask;
    }

    public async Task AddAsync(string login)
    {
        if (logins.Add(login))
        {
            await SaveAsync(() => logins.Remove(login));
        }
    }

    public async Task RemoveAsync(string login)
    {
        if (logins.Remove(login))
        {
            await SaveAsync(() => logins.Add(login));
        }
    }

    public Task<IReadOnlyList<string>> ListAsync(string? after, int limit)
    {
        IEnumerable<string> page = logins;
        if (after is not null)
        {
            page = logins.Where(login => string.CompareOrdinal(login, after) > 0);
        }

        return Task.FromResult<IReadOnlyList<string>>([.. page.Take(limit)]);
    }

    public Task<int> CountAsync() => Task.FromResult(logins.Count);

    private async Task SaveAsync(Action undo)
    {
        state.State.Logins = [.. logins];
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            undo();
            state.State.Logins = [.. logins];
            throw;
        }
    }
}
