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
    // Keyed by the bytes of the grain's key, which its activation holds anyway, rather than by a string of its own
    // per token; looked up by the id as given, without making either.
    private readonly ConcurrentDictionary<byte[], AccessTokenGrain> active;
    private readonly ConcurrentDictionary<byte[], AccessTokenGrain>.AlternateLookup<ReadOnlySpan<char>> byId;

    /// <summary>Creates an empty registry.</summary>
    public LocalTokenChecks()
    {
        active = new ConcurrentDictionary<byte[], AccessTokenGrain>(TokenKeyComparer.Instance);
        byId = active.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <inheritdoc />
    public bool TryCheck(string tokenId, CheckRequest request, [NotNullWhen(true)] out CheckResult? result)
    {
        result = null;
        return byId.TryGetValue(tokenId, out var token) && token.TryCheck(request, out result);
    }

    /// <inheritdoc />
    public ILocalToken? Find(ReadOnlySpan<char> tokenId) => Activation(tokenId);

    /// <summary>The activation of <paramref name="tokenId"/> in this silo, or null.</summary>
    internal AccessTokenGrain? Activation(ReadOnlySpan<char> tokenId) => byId.TryGetValue(tokenId, out var token) ? token : null;

    /// <summary>Every token activation of this silo.</summary>
    internal IEnumerable<AccessTokenGrain> All() => active.Values;

    /// <summary>Makes <paramref name="token"/> the activation that answers local checks of the token it is keyed by.</summary>
    internal void Add(AccessTokenGrain token) => active[Key(token)] = token;

    /// <summary>Stops local checks reaching <paramref name="token"/> (and no other activation of the same token).</summary>
    internal void Remove(AccessTokenGrain token) => active.TryRemove(KeyValuePair.Create(Key(token), token));

    private static byte[] Key(AccessTokenGrain token) => IdSpan.UnsafeGetArray(token.GetGrainId().Key) ?? [];

    // Token ids are ASCII (base62), so a key's UTF-8 bytes and the id's characters correspond one to one.
    private sealed class TokenKeyComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<char>, byte[]>
    {
        public static readonly TokenKeyComparer Instance = new();

        // Longer ids are not token ids (see TokenValue.IdLength) and are hashed by their first characters only.
        private const int MaxHashed = 64;

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] key) => Hash(key);

        public bool Equals(ReadOnlySpan<char> id, byte[] key) => System.Text.Ascii.Equals(key, id);

        public int GetHashCode(ReadOnlySpan<char> id)
        {
            Span<byte> bytes = stackalloc byte[Math.Min(id.Length, MaxHashed)];
            for (var i = 0; i < bytes.Length; i++)
            {
                bytes[i] = (byte)id[i];
            }

            return Hash(bytes);
        }

        public byte[] Create(ReadOnlySpan<char> id) => System.Text.Encoding.UTF8.GetBytes(id.ToArray());

        private static int Hash(ReadOnlySpan<byte> bytes)
        {
            var hash = new HashCode();
            hash.AddBytes(bytes[..Math.Min(bytes.Length, MaxHashed)]);
            return hash.ToHashCode();
        }
    }
}
