using Orleans.Concurrency;

namespace AccessTokens.Users;

/// <summary>
/// Answers the user list: a page of logins from the user directory, then only those users' records. A stateless
/// worker: one per core on every silo, no state of its own.
/// </summary>
public interface IUserQueryGrain : IGrainWithIntegerKey
{
    /// <summary>A page of users by login, after <paramref name="after"/>.</summary>
    [ReadOnly]
    Task<UserPage> ListUsersAsync(string? after, int limit);
}
