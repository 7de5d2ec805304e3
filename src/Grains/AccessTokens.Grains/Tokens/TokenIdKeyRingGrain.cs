using System.Security.Cryptography;
using System.Text;
using AccessTokens.Catalog;
using AccessTokens.Time;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AccessTokens.Tokens;

/// <summary>
/// The keys token ids are signed with (see <see cref="ITokenIdKeyRingGrain"/>). A new key signs only after a grace longer
/// than the half minute within which every process reads the keys again, so no process ever refuses an id signed with a
/// key it has not read yet. Keys are never dropped: each verifies the ids it signed for as long as the store lasts.
/// </summary>
public sealed class TokenIdKeyRingGrain(
    [PersistentState("token-id-keys", StorageNames.Store)] IPersistentState<TokenIdKeyRingState> state,
    ServiceCalendar calendar,
    IOptions<AccessTokensOptions> options,
    ILogger<TokenIdKeyRingGrain> logger) : Grain, ITokenIdKeyRingGrain
{
    /// <summary>
    /// How long after the first silo of this version starts on a store that holds tokens an unsigned id still passes:
    /// silos of the earlier version issue unsigned ids until the rolling upgrade ends. The store's ids are listed again
    /// after it, so the ids they issued stay valid.
    /// </summary>
    public static readonly TimeSpan UpgradeWindow = TimeSpan.FromDays(1);

    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(2);

    private const int KeyBytes = 32;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Keys.Count > 0)
        {
            return;
        }

        // The first use on this store: every id it holds was issued unsigned, and stays valid.
        var keys = new List<TokenIdKey> { new(0, RandomNumberGenerator.GetBytes(KeyBytes), DateTimeOffset.UnixEpoch) };
        var ids = await UnsignedIdsAsync(keys);
        state.State.UnsignedIds = ids;
        state.State.CreatedAt = calendar.Now;
        state.State.OpenUntil = ids.Length == 0 ? calendar.Now : calendar.Now + UpgradeWindow;
        state.State.UnsignedListed = ids.Length == 0;
        // The first key signs at once: no process can know another one.
        state.State.Keys = keys;
        await state.WriteSettledAsync(this);
        Log.KeyRingCreated(logger, ids.Length / TokenValue.IdLength);
    }

    public async Task<TokenIdKeys> GetKeysAsync()
    {
        var now = calendar.Now;
        if (!state.State.UnsignedListed && now >= state.State.OpenUntil)
        {
            await ListUnsignedAsync();
        }

        var keys = state.State.Keys;
        var lifetime = options.Value.TokenIdKeyLifetime;
        var newest = keys[^1];
        var since = newest.Slot == 0 ? state.State.CreatedAt : newest.ActiveFrom;
        if (lifetime > TimeSpan.Zero && newest.Slot < Common.Base62.Alphabet.Length - 1 && now - since >= lifetime)
        {
            var next = new TokenIdKey(newest.Slot + 1, RandomNumberGenerator.GetBytes(KeyBytes), now + Grace);
            state.State.Keys = [.. keys, next];
            try
            {
                await state.WriteSettledAsync(this);
            }
            catch
            {
                state.State.Keys = keys;
                throw;
            }

            Log.KeyAdded(logger, next.Slot, next.ActiveFrom);
        }

        return new TokenIdKeys(state.State.Keys, now < state.State.OpenUntil, state.State.UnsignedIds.Length / TokenValue.IdLength);
    }

    public Task<byte[]> GetUnsignedIdsAsync() => Task.FromResult(state.State.UnsignedIds);

    private async Task ListUnsignedAsync()
    {
        var before = state.State.UnsignedIds;
        state.State.UnsignedIds = await UnsignedIdsAsync(state.State.Keys);
        state.State.UnsignedListed = true;
        try
        {
            await state.WriteSettledAsync(this);
        }
        catch
        {
            (state.State.UnsignedIds, state.State.UnsignedListed) = (before, false);
            throw;
        }

        Log.UnsignedIdsListed(logger, state.State.UnsignedIds.Length / TokenValue.IdLength);
    }

    // Every id in the token index that none of the keys signed, sorted, as 12 ASCII bytes each.
    private async Task<byte[]> UnsignedIdsAsync(IReadOnlyList<TokenIdKey> keys)
    {
        var shards = Enumerable.Range(0, options.Value.CatalogShards).Select(shard => GrainFactory.GetGrain<ITokenCatalogGrain>(shard).IdsAsync());
        var ids = (await Task.WhenAll(shards)).SelectMany(shard => shard)
            .Where(id => TokenValue.IsTokenId(id) && !keys.Any(key => TokenIdFormat.SlotOf(id) == key.Slot && TokenIdFormat.IsSignedBy(id, key)))
            .Order(StringComparer.Ordinal);
        return Encoding.ASCII.GetBytes(string.Concat(ids));
    }
}
