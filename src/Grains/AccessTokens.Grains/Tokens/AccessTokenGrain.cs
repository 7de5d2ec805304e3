using System.Security.Cryptography;
using AccessTokens.Catalog;
using AccessTokens.Profiles;
using AccessTokens.Time;
using AccessTokens.Users;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AccessTokens.Tokens;

/// <summary>
/// One access token. A check is answered from memory: the stored secret hash, expiry, revocation and a
/// copy of the user's status. The date of last use is kept exact in memory and written at most once per
/// <see cref="AccessTokensOptions.LastUseFlushInterval"/>, and on deactivation.
/// </summary>
public sealed class AccessTokenGrain(
    [PersistentState("token", StorageNames.Store)] IPersistentState<AccessTokenState> state,
    ServiceCalendar calendar,
    IOptions<AccessTokensOptions> options,
    ILogger<AccessTokenGrain> logger) : Grain, IAccessTokenGrain
{
    private UserStatus user = UserStatus.Missing;
    private DateTimeOffset? expiresAt;
    private CheckResult allowed = CheckResult.Unknown;

    // Bit i set: the user's profile lets resource i of this token be read (or written). Computed when the
    // token activates and whenever the user pushes a change, so a check compares bits instead of grants.
    private uint readable;
    private uint writable;
    private bool lastUseDirty;
    private IGrainTimer? flushTimer;

    private bool Exists => state.State.SecretHash.Length > 0;

    private string TokenId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Exists)
        {
            // Logins and resource names repeat across many tokens: one copy each in memory.
            var token = state.State;
            token.User = string.Intern(token.User);
            token.CreatedBy = string.Intern(token.CreatedBy);
            for (var i = 0; i < token.Resources.Count; i++)
            {
                token.Resources[i] = string.Intern(token.Resources[i]);
            }

            expiresAt = calendar.ExpiresAt(state.State.ExpiryDate);
            user = await GrainFactory.GetGrain<IUserGrain>(state.State.User).GetStatusAsync();
            Prepare();
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await FlushLastUseAsync(cancellationToken);
    }

    public async Task<bool> CreateAsync(TokenSeed seed)
    {
        if (Exists)
        {
            return false;
        }

        state.State = new AccessTokenState
        {
            Name = seed.Name,
            User = seed.User,
            Resources = [.. seed.Resources],
            CreatedAt = calendar.Now,
            CreatedBy = seed.CreatedBy,
            ExpiryDate = seed.ExpiryDate,
            SecretHash = seed.SecretHash,
        };
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State = new AccessTokenState();
            throw;
        }

        user = seed.UserStatus;
        expiresAt = calendar.ExpiresAt(seed.ExpiryDate);
        Prepare();
        await Catalog.UpsertAsync(Summary());
        Log.TokenCreated(logger, TokenId, seed.User, seed.CreatedBy);
        return true;
    }

    public Task<CheckResult> CheckAsync(CheckRequest request)
    {
        if (!Exists)
        {
            // Unknown ids must not pile up activations: anyone can mint well-formed ids.
            DeactivateOnIdle();
            return Task.FromResult(CheckResult.Unknown);
        }

        var token = state.State;
        if (!CryptographicOperations.FixedTimeEquals(request.SecretHash, token.SecretHash))
        {
            return Task.FromResult(new CheckResult(CheckOutcome.WrongSecret));
        }

        if (token.RevokedAt is not null)
        {
            return Task.FromResult(new CheckResult(CheckOutcome.Revoked, token.User));
        }

        var now = calendar.Now;
        if (now >= expiresAt)
        {
            return Task.FromResult(new CheckResult(CheckOutcome.Expired, token.User));
        }

        if (!user.Active)
        {
            return Task.FromResult(new CheckResult(CheckOutcome.UserDisabled, token.User));
        }

        // The token was used, whether or not it opens this resource: that is what "last use" records.
        token.LastUsedAt = now;
        if (!lastUseDirty)
        {
            // The first use since the last write arms a one-shot write one interval later: writes are at
            // least an interval apart, and a token that is not being used holds no timer at all.
            lastUseDirty = true;
            ScheduleFlush();
        }

        if (request.Resource is null)
        {
            return Task.FromResult(allowed);
        }

        var index = IndexOf(token.Resources, request.Resource);
        if (index < 0)
        {
            return Task.FromResult(new CheckResult(CheckOutcome.ResourceNotGranted, token.User, user.Profile, expiresAt, allowed.Permissions));
        }

        var bit = 1u << index;
        var permitted = ((request.Access & ResourceAccess.Read) == 0 || (readable & bit) != 0)
            && ((request.Access & ResourceAccess.Write) == 0 || (writable & bit) != 0);
        return Task.FromResult(permitted
            ? allowed
            : new CheckResult(CheckOutcome.NotAllowedByProfile, token.User, user.Profile, expiresAt, allowed.Permissions));
    }

    public Task<Introspection?> IntrospectAsync(byte[] secretHash)
    {
        if (!Exists)
        {
            DeactivateOnIdle();
            return Task.FromResult<Introspection?>(null);
        }

        var token = state.State;
        if (!CryptographicOperations.FixedTimeEquals(secretHash, token.SecretHash)
            || token.RevokedAt is not null || calendar.Now >= expiresAt || !user.Active)
        {
            return Task.FromResult<Introspection?>(null);
        }

        // The scope is what the token opens now: its resources that the profile still allows.
        var open = token.Resources.Where((_, i) => ((readable | writable) & (1u << i)) != 0).ToList();
        return Task.FromResult<Introspection?>(new Introspection(token.User, TokenId, open, token.CreatedAt, expiresAt));
    }

    public async Task<string?> RevokeOwnAsync(byte[] secretHash)
    {
        if (!Exists)
        {
            DeactivateOnIdle();
            return null;
        }

        if (!CryptographicOperations.FixedTimeEquals(secretHash, state.State.SecretHash))
        {
            return null;
        }

        await RevokeAsync(state.State.User);
        return state.State.User;
    }

    private static int IndexOf(List<string> resources, string resource)
    {
        for (var i = 0; i < resources.Count; i++)
        {
            if (string.Equals(resources[i], resource, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    public Task<AccessTokenView?> GetAsync()
    {
        if (!Exists)
        {
            DeactivateOnIdle();
            return Task.FromResult<AccessTokenView?>(null);
        }

        return Task.FromResult<AccessTokenView?>(View());
    }

    public async Task<RevokeResult> RevokeAsync(string actor)
    {
        if (!Exists)
        {
            DeactivateOnIdle();
            return new RevokeResult(null, false);
        }

        var token = state.State;
        var wasRevoked = token.RevokedAt is not null;
        if (!wasRevoked)
        {
            token.RevokedAt = calendar.Now;
            token.RevokedBy = actor;
            try
            {
                await state.WriteStateAsync();
            }
            catch
            {
                token.RevokedAt = null;
                token.RevokedBy = null;
                throw;
            }

            lastUseDirty = false;
            Log.TokenRevoked(logger, TokenId, actor);
        }

        // Also on a repeated call, so a revocation whose index update failed heals when retried.
        await Catalog.UpsertAsync(Summary());
        return new RevokeResult(View(), wasRevoked);
    }

    public Task SetUserStatusAsync(UserStatus status)
    {
        user = status;
        if (Exists)
        {
            Prepare();
        }
        else
        {
            DeactivateOnIdle();
        }

        return Task.CompletedTask;
    }

    public async Task DiscardAsync()
    {
        if (Exists)
        {
            await state.ClearStateAsync();
            state.State = new AccessTokenState();
            await Catalog.RemoveAsync(TokenId);
            Log.TokenDiscarded(logger, TokenId);
        }

        DeactivateOnIdle();
    }

    private ITokenCatalogGrain Catalog =>
        GrainFactory.GetGrain<ITokenCatalogGrain>(CatalogShard.Of(TokenId, options.Value.CatalogShards));

    private void Prepare()
    {
        var grants = user.Allowed;
        allowed = new CheckResult(CheckOutcome.Allowed, state.State.User, user.Profile, expiresAt, grants.Permissions);
        readable = 0;
        writable = 0;
        var resources = state.State.Resources;
        for (var i = 0; i < resources.Count && i < 32; i++)
        {
            var access = grants.AccessTo(resources[i]);
            readable |= (access & ResourceAccess.Read) != 0 ? 1u << i : 0;
            writable |= (access & ResourceAccess.Write) != 0 ? 1u << i : 0;
        }
    }

    private void ScheduleFlush()
    {
        var interval = options.Value.LastUseFlushInterval;
        if (flushTimer is null)
        {
            flushTimer = this.RegisterGrainTimer(
                FlushLastUseAsync,
                new GrainTimerCreationOptions { DueTime = interval, Period = Timeout.InfiniteTimeSpan, Interleave = false, KeepAlive = false });
        }
        else
        {
            flushTimer.Change(interval, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task FlushLastUseAsync(CancellationToken cancellationToken)
    {
        if (!lastUseDirty)
        {
            return;
        }

        lastUseDirty = false;
        try
        {
            await state.WriteStateAsync(cancellationToken);
        }
        catch (Exception exception)
        {
            lastUseDirty = true;
            ScheduleFlush();
            Log.LastUseFlushFailed(logger, exception, TokenId);
            return;
        }

        if (!lastUseDirty)
        {
            flushTimer?.Dispose();
            flushTimer = null;
        }
    }

    private TokenSummary Summary() =>
        new(TokenId, state.State.Name, state.State.User, state.State.CreatedAt, expiresAt, state.State.RevokedAt is not null, state.State.Resources);

    private AccessTokenView View()
    {
        var token = state.State;
        return new AccessTokenView(
            TokenId, token.Name, token.User, [.. token.Resources], token.CreatedAt, token.CreatedBy, token.ExpiryDate,
            expiresAt, token.LastUsedAt, TokenStatuses.Of(token.RevokedAt is not null, expiresAt, calendar.Now), token.RevokedAt, token.RevokedBy);
    }
}
