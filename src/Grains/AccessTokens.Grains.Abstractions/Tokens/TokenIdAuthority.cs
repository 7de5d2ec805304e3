using System.Diagnostics.CodeAnalysis;
using AccessTokens.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AccessTokens.Tokens;

/// <summary>
/// Knows, in every process that checks tokens, which ids this service may have issued: those signed by one of its keys
/// (read from <see cref="ITokenIdKeyRingGrain"/>, again every half minute) and those issued before ids were signed. A
/// check of any other id is refused without a grain call, so made-up ids cost no activation and no store read. Until the
/// keys are first read, every id may be issued: the token grain answers, as it always did.
/// </summary>
public sealed class TokenIdAuthority(
    IGrainFactory grains,
    [FromKeyedServices(ServiceClock.Key)] TimeProvider clock,
    ILogger<TokenIdAuthority> logger)
{
    // Every process reads the keys again at least this often; a new key signs only after a longer grace (see the ring).
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(30);

    // A failed read is tried again after this: a check never waits for the keys, nor sends a read each.
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(2);

    private readonly Lock gate = new();
    private volatile Known? known;
    private Task<Known>? loading;
    private long nextRead;

    /// <summary>An authority that knows <paramref name="keys"/> from the start and never reads them (tools without a cluster).</summary>
    public static TokenIdAuthority Preloaded(IReadOnlyList<TokenIdKey> keys)
    {
        var authority = new TokenIdAuthority(null!, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<TokenIdAuthority>.Instance);
        authority.known = new Known(keys, [], open: false, long.MaxValue);
        authority.nextRead = long.MaxValue;
        return authority;
    }

    /// <summary>
    /// False when <paramref name="tokenId"/> cannot be an id this service issued: its signature fails under the key its
    /// slot names, and it is not one of the unsigned ids issued before. Allocates nothing; reads the keys again in the
    /// background when they are due, and soon (within the retry delay) when an id names a slot newer than any it knows.
    /// </summary>
    public bool MayBeIssued(ReadOnlySpan<char> tokenId)
    {
        var current = known;
        var now = clock.GetTimestamp();
        var due = Interlocked.Read(ref nextRead);
        if (now >= due && Interlocked.CompareExchange(ref nextRead, now + Ticks(Retry), due) == due)
        {
            _ = LoadAsync().ContinueWith(static read => _ = read.Exception, TaskScheduler.Default);
        }

        if (current is null)
        {
            return true;
        }

        if (current.MayBeIssued(tokenId))
        {
            return true;
        }

        // A key this process has not read yet (it could not reach the ring for longer than a key's grace): read again
        // after the retry delay rather than at the half minute. The id is refused until then.
        if (TokenIdFormat.SlotOf(tokenId) > current.NewestSlot && due > now + Ticks(Retry))
        {
            Interlocked.CompareExchange(ref nextRead, now + Ticks(Retry), due);
        }

        return false;
    }

    /// <summary>True once the keys were read: from then on made-up ids are refused here.</summary>
    public bool KeysKnown => known is not null;

    /// <summary>Reads the keys now (at start, before the process serves checks; and by readiness until they are known).</summary>
    public Task ReadKeysAsync() => LoadAsync();

    /// <summary>A new id, signed with the newest key that may sign now.</summary>
    public async Task<string> MintAsync(DateTimeOffset now)
    {
        var current = known;
        if (current is null || clock.GetTimestamp() >= current.LoadedAt + Ticks(Refresh))
        {
            current = await LoadAsync();
        }

        return TokenIdFormat.Mint(current.SigningKey(now));
    }

    private Task<Known> LoadAsync()
    {
        lock (gate)
        {
            // Off any grain's scheduler: a grain that mints and a check on the thread pool may share one read.
            return loading ??= Task.Run(ReadAsync);
        }
    }

    private async Task<Known> ReadAsync()
    {
        try
        {
            var ring = grains.GetGrain<ITokenIdKeyRingGrain>(0);
            var keys = await ring.GetKeysAsync();
            var unsigned = known is { } before && before.Unsigned.Length == keys.UnsignedCount
                ? before.Unsigned
                : Known.Pack(await ring.GetUnsignedIdsAsync());
            var read = new Known(keys.Keys, unsigned, keys.Open, clock.GetTimestamp());
            known = read;
            Interlocked.Exchange(ref nextRead, read.LoadedAt + Ticks(Refresh));
            return read;
        }
        catch (Exception exception)
        {
            Log.TokenIdKeysUnread(logger, exception);
            throw;
        }
        finally
        {
            lock (gate)
            {
                loading = null;
            }
        }
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * clock.TimestampFrequency);

    private sealed class Known
    {
        private readonly TokenIdKey?[] bySlot = new TokenIdKey?[Base62.Alphabet.Length];
        private readonly IReadOnlyList<TokenIdKey> keys;

        private readonly bool open;

        public Known(IReadOnlyList<TokenIdKey> keys, UInt128[] unsigned, bool open, long loadedAt)
        {
            this.open = open;
            this.keys = keys;
            foreach (var key in keys)
            {
                bySlot[key.Slot] = key;
            }

            Unsigned = unsigned;
            LoadedAt = loadedAt;
        }

        public UInt128[] Unsigned { get; }

        public int NewestSlot => keys.Count == 0 ? -1 : keys[^1].Slot;

        public long LoadedAt { get; }

        public bool MayBeIssued(ReadOnlySpan<char> tokenId)
        {
            var slot = TokenIdFormat.SlotOf(tokenId);
            if (slot >= 0 && bySlot[slot] is { } key && TokenIdFormat.IsSignedBy(tokenId, key))
            {
                return true;
            }

            // During an upgrade window any id may still be one a silo of the earlier version issued unsigned.
            return open || (Unsigned.Length > 0 && TryNumber(tokenId, out var number) && Array.BinarySearch(Unsigned, number) >= 0);
        }

        public TokenIdKey SigningKey(DateTimeOffset now) =>
            keys.Where(key => key.ActiveFrom <= now).MaxBy(key => key.ActiveFrom)
            ?? throw new InvalidOperationException("No token id key may sign yet.");

        // 12 ASCII bytes an id, sorted as the ring stores them.
        public static UInt128[] Pack(byte[] ids)
        {
            var numbers = new UInt128[ids.Length / TokenValue.IdLength];
            Span<char> id = stackalloc char[TokenValue.IdLength];
            for (var i = 0; i < numbers.Length; i++)
            {
                System.Text.Encoding.ASCII.GetChars(ids.AsSpan(i * TokenValue.IdLength, TokenValue.IdLength), id);
                TryNumber(id, out numbers[i]);
            }

            Array.Sort(numbers);
            return numbers;
        }

        private static bool TryNumber(ReadOnlySpan<char> tokenId, out UInt128 number)
        {
            number = 0;
            if (tokenId.Length != TokenValue.IdLength)
            {
                return false;
            }

            foreach (var c in tokenId)
            {
                var digit = Base62.Alphabet.IndexOf(c, StringComparison.Ordinal);
                if (digit < 0)
                {
                    return false;
                }

                number = (number * 62) + (uint)digit;
            }

            return true;
        }
    }
}
