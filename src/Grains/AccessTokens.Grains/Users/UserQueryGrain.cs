using Orleans.Concurrency;

namespace AccessTokens.Users;

/// <summary>Reads a page of logins from the user directory, then the records of that page only.</summary>
[StatelessWorker]
public sealed class UserQueryGrain : Grain, IUserQueryGrain
{
    public async Task<UserPage> ListUsersAsync(string? after, int limit)
    {
        var logins = await GrainFactory.GetGrain<IUserDirectoryGrain>(0).ListAsync(after, limit + 1);
        var page = logins.Take(limit).ToList();
        var views = await Task.WhenAll(page.Select(login => GrainFactory.GetGrain<IUserGrain>(login).GetAsync()));
        return new UserPage([.. views.OfType<UserView>()], logins.Count > limit ? page[^1] : null);
    }
}
