using System.Diagnostics.CodeAnalysis;
using AccessTokens.Catalog;
using AccessTokens.Common;
using AccessTokens.Profiles;
using AccessTokens.Users;
using Microsoft.Extensions.Logging;

namespace AccessTokens.Tokens;

/// <summary>
/// One access token. A check is answered from memory: the stored secret hash, expiry, revocation and a
/// copy of the user's status, published together as a <see cref="CheckSnapshot"/>. Checks from the API hosted
/// with this silo read the snapshot through <see cref="LocalTokenChecks"/>; other checks call the grain. The
/// date of last use is kept exact in memory and written at most once per
/// <see cref="AccessTokensOptions.LastUseFlushInterval"/> (by the silo's <see cref="LastUseFlusher"/>), and on
/// deactivation.
/// </summary>
public sealed class AccessTokenGrain : Grain, IAccessTokenGrain, IGrainMigrationParticipant, IGrainState<AccessTokenState>
{
    // The name under which a moving activation hands its record over: the one Orleans' storage bridge uses.
    private const string HandOverKey = "state." + TokenStore.StateName;

    private readonly TokenGrainServices services;

    // The stored record and its version, held by the grain itself rather than through [PersistentState]: that facet
    // costs each activation a storage bridge, a state holder, a lifecycle observer and a migration participant,
    // some 400 bytes, and a silo holds a great many token activations. So the grain is the state holder the store
    // reads into and writes from (through TokenStore, which keeps the bridge's error handling), reads its record
    // on activation, and hands it over itself when it moves to another silo.
    private AccessTokenState record = new();
    private string? version;
    private bool recordExists;

    // Null while the token does not exist. Replaced, never changed, and read outside the grain's turns.
    private volatile CheckSnapshot? snapshot;

    // The exact date of last use (UTC ticks, 0 for never) and whether it changed since the last write. Both
    // are updated by checks outside the grain's turns, so only with interlocked operations.
    private long lastUseTicks;
    private int lastUseDirty;
    private volatile bool deactivated;

    public AccessTokenGrain(TokenGrainServices services) => this.services = services;

    AccessTokenState? IGrainState<AccessTokenState>.State
    {
        get => record;
        set => record = value ?? new AccessTokenState();
    }

    string? IGrainState<AccessTokenState>.ETag
    {
        get => version;
        set => version = SharedValues.Version(value);
    }

    bool IGrainState<AccessTokenState>.RecordExists
    {
        get => recordExists;
        set => recordExists = value;
    }

    private bool Exists => record.SecretHash.Length > 0;

    private string TokenId => this.GetPrimaryKeyString();

    private DateTimeOffset? LastUsedAt
    {
        get
        {
            var ticks = Interlocked.Read(ref lastUseTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary>True once the activation has begun to deactivate (and so writes its date of last use itself).</summary>
    internal bool Deactivated => deactivated;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A record handed over by the silo the grain moved from has its version; otherwise it is read now.
        if (version is null)
        {
            await services.Store.ReadAsync(this.GetGrainId(), this);
        }

        if (Exists)
        {
            // Logins and resource sets repeat across many tokens: one copy each in memory.
            var token = record;
            token.User = string.Intern(token.User);
            token.CreatedBy = string.Intern(token.CreatedBy);
            token.Resources = SharedValues.ResourceSet(token.Resources);
            lastUseTicks = token.LastUsedAt?.UtcTicks ?? 0;
            Publish(await this.WhileActivatingAsync(GrainFactory.GetGrain<IUserGrain>(token.User).GetStatusAsync(), services.Logger, cancellationToken));
            services.Local.Add(this);
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        deactivated = true;
        services.Local.Remove(this);
        await WriteLastUseAsync();
    }

    void IGrainMigrationParticipant.OnDehydrate(IDehydrationContext dehydrationContext) =>
        dehydrationContext.TryAddValue(HandOverKey, new GrainState<AccessTokenState>(record, version) { RecordExists = recordExists });

    void IGrainMigrationParticipant.OnRehydrate(IRehydrationContext rehydrationContext)
    {
        try
        {
            if (rehydrationContext.TryGetValue<GrainState<AccessTokenState>>(HandOverKey, out var handed))
            {
                record = handed.State ?? new AccessTokenState();
                version = SharedValues.Version(handed.ETag);
                recordExists = handed.RecordExists;
            }
        }
        catch (Exception exception)
        {
            // A hand-over is an optimisation: without it the record is read from the store on activation.
            Log.HandOverFailed(services.Logger, exception, TokenId);
        }
    }

    public async Task<AccessTokenView?> CreateAsync(TokenSeed seed)
    {
        if (Exists)
        {
            return null;
        }

        var created = new AccessTokenState
        {
            Name = seed.Name,
            User = seed.User,
            Resources = SharedValues.ResourceSet([.. seed.Resources]),
            CreatedAt = services.Calendar.Now,
            CreatedBy = seed.CreatedBy,
            ExpiryDate = seed.ExpiryDate,
            SecretHash = seed.SecretHash,
        };

        // Everything that can be computed is computed before the first write, so a failure there writes nothing.
        var published = new CheckSnapshot(created, services.Calendar.ExpiresAt(created.ExpiryDate), seed.UserStatus);
        record = created;
        try
        {
            await services.Store.WriteAsync(this.GetGrainId(), this);
            await Catalog.UpsertAsync(Summary(published.ExpiresAt));
        }
        catch
        {
            // The value was never handed out: leave neither a record nor an index entry behind.
            await ForgetAsync();
            throw;
        }

        snapshot = published;
        services.Local.Add(this);
        Log.TokenCreated(services.Logger, TokenId, seed.User, seed.CreatedBy);
        return View();
    }

    public Task<CheckResult> CheckAsync(CheckRequest request)
    {
        if (snapshot is not { } current)
        {
            // Unknown ids must not pile up activations: anyone can mint well-formed ids.
            DeactivateOnIdle();
            return Task.FromResult(CheckResult.Unknown);
        }

        return Task.FromResult(Check(current, request));
    }

    /// <summary>
    /// A check made outside the grain's turns, by <see cref="LocalTokenChecks"/>. False when the token does not
    /// exist or the activation is deactivating: the caller then asks the grain.
    /// </summary>
    internal bool TryCheckHere(CheckRequest request, [NotNullWhen(true)] out CheckResult? result)
    {
        if (snapshot is not { } current)
        {
            result = null;
            return false;
        }

        result = Check(current, request);
        // The use was recorded with interlocked operations before this read, and deactivation sets the flag
        // before it reads the date of last use to write it: either that write includes this use, or this check
        // sees the flag and is made again by the grain's next activation.
        return !deactivated;
    }

    private CheckResult Check(CheckSnapshot current, CheckRequest request)
    {
        var now = services.Calendar.Now;
        var result = current.Check(request, now, out var used);
        if (used)
        {
            RecordUse(now);
        }

        return result;
    }

    private void RecordUse(DateTimeOffset now)
    {
        var ticks = now.UtcTicks;
        long seen;
        while ((seen = Interlocked.Read(ref lastUseTicks)) < ticks && Interlocked.CompareExchange(ref lastUseTicks, ticks, seen) != seen)
        {
        }

        // The first use since the last write asks for a write one interval later: writes are at least an
        // interval apart, and a token that is not being used is in no queue at all.
        if (Interlocked.CompareExchange(ref lastUseDirty, 1, 0) == 0)
        {
            services.Flusher.Schedule(this);
        }
    }

    public Task<Introspection?> IntrospectAsync(byte[] secretHash)
    {
        if (snapshot is not { } current)
        {
            DeactivateOnIdle();
            return Task.FromResult<Introspection?>(null);
        }

        if (!current.Matches(secretHash) || !current.Works(services.Calendar.Now))
        {
            return Task.FromResult<Introspection?>(null);
        }

        // The scope is what the token opens now: its resources that the profile still allows.
        return Task.FromResult<Introspection?>(new Introspection(record.User, TokenId, current.OpenResources(), record.CreatedAt, current.ExpiresAt));
    }

    public async Task<AccessTokenView?> RevokeOwnAsync(byte[] secretHash)
    {
        if (snapshot is not { } current)
        {
            DeactivateOnIdle();
            return null;
        }

        if (!current.Matches(secretHash))
        {
            return null;
        }

        return (await RevokeAsync(record.User)).Token;
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

    public async Task<RevokeResult> RevokeAsync(Caller caller)
    {
        if (!Exists)
        {
            DeactivateOnIdle();
            return new RevokeResult(null, false);
        }

        // As for issuing: nobody ends the tokens of a user whose rights they do not hold.
        var lacking = snapshot!.User.Allowed.Permissions & ~caller.Permissions;
        if (lacking != Permissions.None && caller.Login != record.User)
        {
            return new RevokeResult(null, false, new Failure(FailureKind.Forbidden,
                $"The profile '{snapshot.User.Profile}' of '{record.User}' holds permissions yours does not ({string.Join(", ", PermissionNames.Of(lacking))}); only a holder of all of them may revoke its tokens."));
        }

        return await RevokeAsync(caller.Login);
    }

    private async Task<RevokeResult> RevokeAsync(string actor)
    {
        var token = record;
        var wasRevoked = token.RevokedAt is not null;
        if (!wasRevoked)
        {
            token.RevokedAt = services.Calendar.Now;
            token.RevokedBy = actor;
            token.LastUsedAt = LastUsedAt;
            try
            {
                await services.Store.WriteAsync(this.GetGrainId(), this);
            }
            catch
            {
                token.RevokedAt = null;
                token.RevokedBy = null;
                throw;
            }

            // Published before the revocation is answered: no check anywhere passes after that.
            Publish(snapshot!.User);
            Log.TokenRevoked(services.Logger, TokenId, actor);
        }

        // Also on a repeated call, so a revocation whose index update failed heals when retried.
        await Catalog.UpsertAsync(Summary(snapshot?.ExpiresAt));
        return new RevokeResult(View(), wasRevoked);
    }

    public Task SetUserStatusAsync(UserStatus status)
    {
        if (Exists)
        {
            Publish(status);
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
            await ForgetAsync();
        }

        DeactivateOnIdle();
    }

    // Removes a token whose value was never handed out: record and index entry. A write whose answer was lost may
    // have stored the record after all, under a version this activation never saw: then the record is read again
    // and removed under the version it has.
    private async Task ForgetAsync()
    {
        snapshot = null;
        services.Local.Remove(this);
        try
        {
            try
            {
                await services.Store.ClearAsync(this.GetGrainId(), this);
            }
            catch (Orleans.Storage.InconsistentStateException)
            {
                await services.Store.ReadAsync(this.GetGrainId(), this);
                await services.Store.ClearAsync(this.GetGrainId(), this);
            }

            await Catalog.RemoveAsync(TokenId);
            Log.TokenDiscarded(services.Logger, TokenId);
        }
        catch (Exception exception)
        {
            // The value was never returned, so what is left cannot be used; it only shows in lists.
            Log.DiscardFailed(services.Logger, exception, TokenId);
        }
        finally
        {
            record = new AccessTokenState();
        }
    }

    private ITokenCatalogGrain Catalog =>
        GrainFactory.GetGrain<ITokenCatalogGrain>(CatalogShard.Of(TokenId, services.Options.CatalogShards));

    private void Publish(UserStatus user) =>
        snapshot = new CheckSnapshot(record, services.Calendar.ExpiresAt(record.ExpiryDate), user);

    public async Task WriteLastUseAsync()
    {
        if (Interlocked.Exchange(ref lastUseDirty, 0) == 0)
        {
            return;
        }

        record.LastUsedAt = LastUsedAt;
        try
        {
            await services.Store.WriteAsync(this.GetGrainId(), this);
        }
        catch (Exception exception)
        {
            Log.LastUseFlushFailed(services.Logger, exception, TokenId);
            if (Interlocked.CompareExchange(ref lastUseDirty, 1, 0) == 0 && !deactivated)
            {
                services.Flusher.Schedule(this);
            }
        }
    }

    private TokenSummary Summary(DateTimeOffset? expiresAt) =>
        new(TokenId, record.Name, record.User, record.CreatedAt, expiresAt, record.RevokedAt is not null, record.Resources);

    private AccessTokenView View()
    {
        var token = record;
        var expiresAt = snapshot?.ExpiresAt;
        return new AccessTokenView(
            TokenId, token.Name, token.User, [.. token.Resources], token.CreatedAt, token.CreatedBy, token.ExpiryDate,
            expiresAt, LastUsedAt, TokenStatuses.Of(token.RevokedAt is not null, expiresAt, services.Calendar.Now), token.RevokedAt, token.RevokedBy);
    }
}
