using AccessTokens.Common;
using AccessTokens.Users;

using Orleans.Concurrency;

namespace AccessTokens.Tokens;

/// <summary>
/// One access token, keyed by its public token id, never by the secret. Holds the SHA-256 of the secret,
/// the token's resources, expiry and revocation, its date of last use, and a copy of its user's status
/// (pushed by the user grain) so a check is answered by this grain alone.
/// </summary>
public interface IAccessTokenGrain : IGrainWithStringKey
{
    /// <summary>
    /// Creates the token and indexes it; its record, or null when the id is already taken (the caller draws another
    /// id). When any step fails, what was written is removed before the failure is thrown.
    /// </summary>
    Task<AccessTokenView?> CreateAsync(TokenSeed seed);

    /// <summary>Checks a presented secret for a resource; on success records the date of last use.</summary>
    [ReadOnly]
    Task<CheckResult> CheckAsync(CheckRequest request);

    /// <summary>The token's record, or null when it does not exist. Interleaves: it only reads memory.</summary>
    [AlwaysInterleave]
    Task<AccessTokenView?> GetAsync();

    /// <summary>
    /// RFC 7662: what the token is, when the presented secret matches and the token works now; null otherwise.
    /// Not a use: the date of last use does not change.
    /// </summary>
    [ReadOnly]
    Task<Introspection?> IntrospectAsync(byte[] secretHash);

    /// <summary>RFC 7009: revokes the token when the presented secret matches; its record, or null when it does not.</summary>
    Task<AccessTokenView?> RevokeOwnAsync(byte[] secretHash);

    /// <summary>
    /// Revokes the token, durably, before returning. Idempotent: a second call keeps the first revocation. Refused
    /// when the token's user holds a permission <paramref name="caller"/> lacks, as issuing it would be.
    /// </summary>
    Task<RevokeResult> RevokeAsync(Caller caller);

    /// <summary>
    /// Changes the token's name or policies, durably, before returning; null when the token does not exist. Refused when
    /// a field breaks its rule, when the token is revoked, or as revoking it would be for <paramref name="caller"/>.
    /// Counts already made (the rate limit's window, the quota's uses) carry over to the new policies.
    /// </summary>
    Task<TokenChangeResult?> UpdateAsync(TokenChanges changes, Caller caller);

    /// <summary>
    /// Marks the token as superseded by <paramref name="successor"/> (a rotation): with no overlap it is revoked now
    /// (<c>revokedBy: rotation</c>); with one it keeps working until the overlap ends, or until it has not been used for
    /// <see cref="RotationRequest.EndWhenUnusedFor"/> once the successor has been. Null when the token does not exist,
    /// and a failure when it no longer works or was rotated already.
    /// </summary>
    Task<TokenChangeResult?> SupersedeAsync(string successor, RotationRequest rotation, string actor);

    /// <summary>Told by the token that superseded this one at its first use: from then on a pause in use ends the overlap.</summary>
    [OneWay]
    Task SuccessorUsedAsync(DateTimeOffset at);

    /// <summary>Receives the user's current status (active flag, profile) from the user grain.</summary>
    Task SetUserStatusAsync(UserStatus status);

    /// <summary>Removes a token whose creation could not be completed; its value was never handed out.</summary>
    Task DiscardAsync();
}
