using AccessTokens.Profiles;
using AccessTokens.Tokens;
using Orleans.Concurrency;

namespace AccessTokens.Users;

/// <summary>
/// One user, keyed by login. Owns the user's profile, active flag, password hash (ASP.NET Core Identity's
/// hasher) and the ids of its tokens, and pushes its status to those tokens whenever it changes.
/// </summary>
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>Creates the user; a conflict when the login is taken.</summary>
    Task<UserResult> CreateAsync(NewUser user);

    /// <summary>The user, or null when the login does not exist.</summary>
    [ReadOnly]
    Task<UserView?> GetAsync();

    /// <summary>Applies a partial update; disabling or re-enabling reaches every token before this returns.</summary>
    Task<UserResult> UpdateAsync(UserChanges changes);

    /// <summary>
    /// The status tokens copy. Interleaves with everything: a token activated while this user is pushing
    /// to it asks for the status, and must not wait for the push that waits for it.
    /// </summary>
    [AlwaysInterleave]
    Task<UserStatus> GetStatusAsync();

    /// <summary>Verifies a password for Basic authentication; the status when it matches and the user is active, else null.</summary>
    Task<UserStatus?> AuthenticateAsync(string password);

    /// <summary>
    /// Issues a token to this user; the value is in the result and nowhere else, ever. Refused when the user's
    /// profile holds a permission <paramref name="actorPermissions"/> lacks: nobody mints a token stronger than
    /// their own rights.
    /// </summary>
    Task<CreatedAccessToken> CreateTokenAsync(NewAccessToken request, string actor, Permissions actorPermissions);

    /// <summary>
    /// Receives a change of a profile from the profile catalog; when it is this user's profile and not older than
    /// what the user holds, the user pushes it to every one of its tokens before returning.
    /// </summary>
    Task ApplyProfileAsync(ProfileGrants changed);
}
