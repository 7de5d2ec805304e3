using AccessTokens.Profiles;
using AccessTokens.Tokens;
using AccessTokens.Users;
using Orleans.Services;

namespace AccessTokens.Announcements;

/// <summary>
/// One on every silo: receives the changes that must be final everywhere before they are answered (a revocation, a
/// token's new policies, a user's new status, a profile's new grants) and applies them to the token activations of its silo that did not get
/// them, which can exist while the grain directory briefly holds two activations of one token.
/// </summary>
public interface IChangeAnnouncementService : IGrainService
{
    /// <summary>Token <paramref name="tokenId"/> was revoked by its activation on <paramref name="origin"/>.</summary>
    Task TokenRevokedAsync(string tokenId, SiloAddress origin);

    /// <summary>Token <paramref name="tokenId"/> was changed (PATCH) by its activation on <paramref name="origin"/>: its policies are now <paramref name="policies"/>.</summary>
    Task TokenChangedAsync(string tokenId, TokenPolicies? policies, SiloAddress origin);

    /// <summary>The status of <paramref name="login"/> (active flag, profile) is now <paramref name="status"/>, and every token it has was pushed it.</summary>
    Task UserChangedAsync(string login, UserStatus status);

    /// <summary>Profile <paramref name="grants"/>.Profile now allows what <paramref name="grants"/> says, and every member's tokens were pushed it.</summary>
    Task ProfileChangedAsync(ProfileGrants grants);
}
