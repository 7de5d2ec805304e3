using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace AccessTokens.Tokens;

/// <summary>
/// The token grains active in this silo, by token id, so the check endpoint hosted with the silo answers a check
/// of a local token from its grain's published <see cref="CheckSnapshot"/> without a grain call: no message, no
/// hop to the grain's scheduler and back. Revocation and user changes stay immediate, because the grain
/// publishes the changed snapshot before it answers the change.
/// </summary>
public sealed class LocalTokenChecks : ILocalTokenChecks
{
    private readonly ConcurrentDictionary<string, AccessTokenGrain> active = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public bool TryCheck(string tokenId, CheckRequest request, [NotNullWhen(true)] out CheckResult? result)
    {
        result = null;
        return active.TryGetValue(tokenId, out var token) && token.TryCheckHere(request, out result);
    }

    /// <summary>Makes <paramref name="token"/> the activation that answers local checks of <paramref name="tokenId"/>.</summary>
    internal void Add(string tokenId, AccessTokenGrain token) => active[tokenId] = token;

    /// <summary>Stops local checks of <paramref name="tokenId"/> reaching <paramref name="token"/> (and no other activation).</summary>
    internal void Remove(string tokenId, AccessTokenGrain token) => active.TryRemove(KeyValuePair.Create(tokenId, token));
}
