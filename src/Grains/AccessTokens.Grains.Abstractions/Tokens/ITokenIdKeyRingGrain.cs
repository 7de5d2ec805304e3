using Orleans.Concurrency;

namespace AccessTokens.Tokens;

/// <summary>
/// The keys token ids are signed with (a single grain, key 0), and the ids issued before ids were signed. The first
/// call on a store creates the first key and records every id the store already holds; a key older than its lifetime is
/// followed by a new one, which every process learns (keys are read again at least every half minute) before it signs.
/// </summary>
public interface ITokenIdKeyRingGrain : IGrainWithIntegerKey
{
    /// <summary>Every key and what else may pass; adds the next key when the newest is past its lifetime.</summary>
    Task<TokenIdKeys> GetKeysAsync();

    /// <summary>The ids issued before ids were signed, 12 ASCII bytes each, sorted.</summary>
    [AlwaysInterleave]
    Task<byte[]> GetUnsignedIdsAsync();
}

/// <summary>
/// What a process needs to tell ids this service issued from made-up ones: the <see cref="Keys"/>, oldest first; whether
/// an unsigned id may still be issued now (<see cref="Open"/>: during the upgrade window of a store that held tokens
/// before ids were signed, while silos of the earlier version may still be issuing); and how many unsigned ids there are
/// (<see cref="UnsignedCount"/>: a process reads them again when it changes).
/// </summary>
[GenerateSerializer, Immutable, Alias("AccessTokens.TokenIdKeys")]
public sealed record TokenIdKeys(
    [property: Id(0)] IReadOnlyList<TokenIdKey> Keys,
    [property: Id(1)] bool Open,
    [property: Id(2)] int UnsignedCount);
