namespace AccessTokens.Users;

/// <summary>The sorted list of every login and its profile.</summary>
public sealed class UserDirectoryGrain(
    [PersistentState("users", StorageNames.Store)] IPersistentState<UserDirectoryState> state) : Grain, IUserDirectoryGrain
{
    private readonly SortedSet<string> logins = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> profiles = new(StringComparer.Ordinal);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        logins.UnionWith(state.State.Logins);
        foreach (var (login, profile) in state.State.Profiles)
        {
            profiles[login] = profile;
        }

        return Task.CompletedTask;
    }

    public async Task SetAsync(string login, string profile)
    {
        var added = logins.Add(login);
        var previous = profiles.GetValueOrDefault(login);
        if (!added && previous == profile)
        {
            return;
        }

        profiles[login] = profile;
        await SaveAsync(() =>
        {
            if (added)
            {
                logins.Remove(login);
            }

            if (previous is null)
            {
                profiles.Remove(login);
            }
            else
            {
                profiles[login] = previous;
            }
        });
    }

    public async Task RemoveAsync(string login)
    {
        if (logins.Remove(login))
        {
            var previous = profiles.GetValueOrDefault(login);
            profiles.Remove(login);
            await SaveAsync(() =>
            {
                logins.Add(login);
                if (previous is not null)
                {
                    profiles[login] = previous;
                }
            });
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

    public Task<IReadOnlyList<string>> MembersAsync(string profile) =>
        Task.FromResult<IReadOnlyList<string>>([.. logins.Where(login => profiles.GetValueOrDefault(login) == profile)]);

    public async Task UpgradeAsync()
    {
        var unknown = logins.Where(login => !profiles.ContainsKey(login)).ToList();
        if (unknown.Count == 0)
        {
            return;
        }

        var users = await Task.WhenAll(unknown.Select(login => GrainFactory.GetGrain<IUserGrain>(login).GetAsync()));
        foreach (var user in users.OfType<UserView>())
        {
            profiles[user.Login] = user.Profile;
        }

        state.State.Logins = [.. logins];
        state.State.Profiles = new Dictionary<string, string>(profiles, StringComparer.Ordinal);
        await state.WriteSettledAsync(this);
    }

    private async Task SaveAsync(Action undo)
    {
        state.State.Logins = [.. logins];
        state.State.Profiles = new Dictionary<string, string>(profiles, StringComparer.Ordinal);
        try
        {
            await state.WriteSettledAsync(this);
        }
        catch
        {
            undo();
            state.State.Logins = [.. logins];
            state.State.Profiles = new Dictionary<string, string>(profiles, StringComparer.Ordinal);
            throw;
        }
    }
}
