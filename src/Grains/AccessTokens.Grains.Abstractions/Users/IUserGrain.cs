using AccessTokens.Common;
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
    /// <summary>
    /// Creates the user; a conflict when the login is taken. Refused when <paramref name="caller"/>'s profile does not hold
    /// every right of the profile asked for: nobody gives a profile stronger than their own.
    /// </summary>
    Task<UserResult> CreateAsync(NewUser user, Caller caller);

    /// <summary>The user, or null when the login does not exist.</summary>
    [ReadOnly]
    Task<UserView?> GetAsync();

    /// <summary>
    /// Applies a partial update; disabling or re-enabling reaches every token before this returns. A new password,
    /// disabling and a change of profile end every session of the user. Refused when <paramref name="caller"/>'s
    /// profile does not hold every right of the user's profile, or of the profile asked for.
    /// </summary>
    Task<UserResult> UpdateAsync(UserChanges changes, Caller caller);

    /// <summary>
    /// The status tokens copy. Interleaves with everything: a token activated while this user is pushing
    /// to it asks for the status, and must not wait for the push that waits for it.
    /// </summary>
    [AlwaysInterleave]
    Task<UserStatus> GetStatusAsync();

    /// <summary>
    /// Verifies a password, unless the attempt's address, or every address this login has not signed in from, has
    /// reached its limit of wrong passwords: then it is throttled without hashing. Attempts for one login run one at a
    /// time, so concurrent guesses cannot get past a limit. Unknown logins are counted and answered alike.
    /// </summary>
    Task<PasswordVerdict> AuthenticateAsync(PasswordAttempt attempt);

    /// <summary>
    /// The user's status when <paramref name="sessionId"/> is one of its admin screen sessions, not ended, within its
    /// lifetime and the user active; null otherwise.
    /// </summary>
    [AlwaysInterleave]
    Task<UserStatus?> ValidateSessionAsync(string sessionId);

    /// <summary>Ends one admin screen session (sign-out), durably; an unknown session changes nothing.</summary>
    Task EndSessionAsync(string sessionId);

    /// <summary>
    /// Issues a token to this user; the value is in the result and nowhere else, ever. Refused when the user's
    /// profile holds a permission <paramref name="caller"/> lacks (nobody mints a token stronger than their own rights),
    /// and a token that opens <c>admin</c> for another user holding an admin permission needs a caller holding both.
    /// </summary>
    Task<CreatedAccessToken> CreateTokenAsync(NewAccessToken request, Caller caller);

    /// <summary>
    /// Rotates token <paramref name="tokenId"/> of this user: issues a new token (new id and value, in the result only)
    /// with the same name, resources, expiry date and policies, and marks the old one superseded by it (see
    /// <see cref="IAccessTokenGrain.SupersedeAsync"/>). Refused as issuing is; a conflict when the old token no longer
    /// works or was rotated already. When the old token cannot be marked, the new one is discarded.
    /// </summary>
    Task<CreatedAccessToken> RotateTokenAsync(string tokenId, RotationRequest rotation, Caller caller);

    /// <summary>
    /// Receives a change of a profile from the profile catalog; when it is this user's profile and not older than
    /// what the user holds, the user pushes it to every one of its tokens before returning.
    /// </summary>
    Task ApplyProfileAsync(ProfileGrants changed);
}
