namespace AccessTokens.Tokens;

/// <summary>
/// What a token activation shows to checks made outside its turns (by <see cref="LocalTokenChecks"/>, on the API's
/// threads): its <see cref="CheckSnapshot"/>, the supersession of a second copy that missed a change, and whether the
/// activation is leaving. The rules, held here:
/// <list type="bullet">
/// <item>A snapshot is frozen and replaced whole, never changed, so a check reads one consistent version of the token.</item>
/// <item>The grain publishes a change before it answers it, so no check after the answer sees the token as it was before.</item>
/// <item>A supersession (a revocation, a status, the policies of a change), once set, is part of every snapshot published after it (whoever publishes last checks it is
/// still the current one).</item>
/// <item>A check made in place counts only when the activation was not leaving after it recorded its use: deactivation
/// marks the activation as leaving before it reads the date of last use to write it, so either that write includes
/// the use, or the check is made again by the grain's next activation.</item>
/// </list>
/// Held by the grain by value: no object of its own per activation besides the snapshot.
/// </summary>
internal struct CheckPublication
{
    // Null while the token does not exist.
    private volatile CheckSnapshot? snapshot;

    // Null, unless the activation is a second copy of the token that missed a change announced by the one that made it:
    // then what it answers with, whatever its own record says, until it has deactivated.
    private volatile Supersession? supersession;

    private volatile bool leaving;

    /// <summary>The published snapshot, or null while the token does not exist.</summary>
    public readonly CheckSnapshot? Current => snapshot;

    /// <summary>True once the activation has begun to deactivate.</summary>
    public readonly bool Leaving => leaving;

    /// <summary>Publishes <paramref name="published"/>, made from a record the activation holds.</summary>
    public void Publish(CheckSnapshot published) => snapshot = published;

    /// <summary>
    /// Publishes the snapshot of <paramref name="record"/>, expiring at <paramref name="expiresAt"/>, with the current
    /// supersession if any, and the activation's live <paramref name="counters"/>.
    /// </summary>
    public void Publish(AccessTokenState record, DateTimeOffset? expiresAt, LiveCounters? counters)
    {
        while (true)
        {
            var superseded = supersession;
            snapshot = new CheckSnapshot(
                record,
                expiresAt,
                superseded?.Status ?? record.UserStatus!,
                record.RevokedAt is not null || superseded?.Revoked == true,
                counters,
                superseded is { PoliciesSet: true } ? superseded.Policies : record.Policies);
            if (ReferenceEquals(superseded, supersession))
            {
                return;
            }
        }
    }

    /// <summary>Shows the token as not existing.</summary>
    public void Withdraw() => snapshot = null;

    /// <summary>Marks the activation as leaving: checks in place no longer count (see the rules above).</summary>
    public void Leave() => leaving = true;

    /// <summary>
    /// Makes a second copy answer with a change it missed (a revocation, or what the user's or profile's
    /// <paramref name="status"/> now lets the token do), added to any it missed before. The caller publishes again.
    /// </summary>
    public void Supersede(bool revoked, TokenUserStatus? status)
    {
        var previous = supersession;
        supersession = new Supersession(revoked || previous?.Revoked == true, status ?? previous?.Status, previous?.PoliciesSet == true, previous?.Policies);
    }

    /// <summary>Makes a second copy answer with the <paramref name="policies"/> a change (PATCH) gave the token. The caller publishes again.</summary>
    public void SupersedePolicies(TokenPolicies? policies)
    {
        var previous = supersession;
        supersession = new Supersession(previous?.Revoked == true, previous?.Status, true, policies);
    }

    private sealed record Supersession(bool Revoked, TokenUserStatus? Status, bool PoliciesSet = false, TokenPolicies? Policies = null);
}
