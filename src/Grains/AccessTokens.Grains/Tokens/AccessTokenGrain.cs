using System.Diagnostics.CodeAnalysis;
using System.Runtime.ExceptionServices;
using AccessTokens.Audit;
using AccessTokens.Catalog;
using AccessTokens.Common;
using AccessTokens.Profiles;
using AccessTokens.Users;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace AccessTokens.Tokens;

/// <summary>
/// One access token. A check is answered from memory: the stored secret hash, expiry, revocation and a
/// copy of the user's status, published together as a <see cref="CheckSnapshot"/>. Checks from the API hosted
/// with this silo read the snapshot through <see cref="LocalTokenChecks"/>; other checks call the grain. The
/// date of last use is kept exact in memory and written at most once per
/// <see cref="AccessTokensOptions.LastUseFlushInterval"/> (by the silo's <see cref="LastUseFlusher"/>), and on
/// deactivation. Its parts, each with its rules: <see cref="TokenRecord"/> (the stored record, read and written
/// through <see cref="TokenStore"/>, handed over by <see cref="TokenHandOver"/>), <see cref="CheckPublication"/> (what
/// checks outside the grain's turns read) and <see cref="LastUse"/> (the date of last use and whether it is stored).
/// </summary>
public sealed class AccessTokenGrain : Grain, IAccessTokenGrain, ITokenLastUseWriter, IGrainMigrationParticipant, ILocalToken
{
    // Version conflicts merged in a row before the write gives up: each one means another write landed in between.
    private const int MaxMerges = 4;

    private readonly TokenGrainServices services;

    // The three parts are structs held in place (never copied): fields of their own would cost an object each per
    // activation, and a silo holds a great many token activations.
    private TokenRecord stored = new();
    private CheckPublication published;
    private LastUse lastUse;

    // The rate limit's window, the quota's uses and the failed attempts as they are now; null for a token with no
    // policy that never saw a wrong secret.
    private LiveCounters? counters;

    // The last distinct addresses the token was used from; null until its first use in this activation.
    private RecentAddresses? recent;

    // While a superseded token overlaps with its successor: the timer that ends it, and whether a check asked already.
    private OverlapWatch? overlap;

    public AccessTokenGrain(TokenGrainServices services) => this.services = services;

    private AccessTokenState Record => stored.State;

    private bool Exists => stored.Exists;

    private string TokenId => this.GetPrimaryKeyString();

    /// <summary>True once the activation has begun to deactivate (and so writes its date of last use itself).</summary>
    internal bool Deactivated => published.Leaving;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A record handed over by the silo the grain moved from has its version; otherwise it is read now.
        if (!stored.Versioned)
        {
            stored = await services.Store.ReadAsync(this.GetGrainId(), stored);
        }

        if (Exists)
        {
            Adopt();
            if (Record.UserStatus is null)
            {
                // A record stored before tokens kept their user's status: asked for once, stored with the next write.
                var user = await this.WhileActivatingAsync(GrainFactory.GetGrain<IUserGrain>(Record.User).GetStatusAsync(), services.Logger, cancellationToken);
                Record.UserStatus = SharedValues.Status(TokenUserStatus.Of(user, Record.Resources));
            }

            Publish();
            services.Local.Add(this);
            WatchOverlap();
            if (lastUse.Unwritten)
            {
                // Handed over with a use its former silo had not written: this silo writes it, one interval from now.
                services.Flusher.Schedule(this);
            }
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        published.Leave();
        services.Local.Remove(this);

        // Moving to another silo, the token takes its exact date of last use along (see OnDehydrate) and writes it from
        // there; leaving with its silo past the stop's budget, it is not written (at most one interval, as in a crash).
        if (reason.ReasonCode != DeactivationReasonCode.Migrating
            && !(reason.ReasonCode == DeactivationReasonCode.ShuttingDown && services.Flusher.StopBudgetSpent))
        {
            await WriteLastUseAsync();
        }
    }

    /// <summary>True when a use of the token is not written yet.</summary>
    internal bool HasUnwrittenUse => lastUse.Unwritten;

    void IGrainMigrationParticipant.OnDehydrate(IDehydrationContext dehydrationContext)
    {
        Record.LastUsedAt = lastUse.At;
        Record.Counters = counters?.ToStored() ?? Record.Counters;
        Record.RecentAddresses = recent?.ToArray() ?? Record.RecentAddresses;
        TokenHandOver.Write(dehydrationContext, stored, lastUse.Unwritten);
    }

    void IGrainMigrationParticipant.OnRehydrate(IRehydrationContext rehydrationContext)
    {
        try
        {
            if (TokenHandOver.TryRead(rehydrationContext, out var handed, out var unwritten))
            {
                stored = handed;
                if (unwritten)
                {
                    lastUse.MarkUnwritten();
                }
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

        var resources = SharedValues.ResourceSet([.. seed.Resources]);
        var created = new AccessTokenState
        {
            Name = seed.Name,
            User = string.Intern(seed.User),
            Resources = resources,
            CreatedAt = services.Calendar.Now,
            CreatedBy = string.Intern(seed.CreatedBy),
            ExpiryDate = seed.ExpiryDate,
            SecretHash = seed.SecretHash,
            UserStatus = SharedValues.Status(TokenUserStatus.Of(seed.UserStatus, resources)),
            Policies = TokenPolicies.Of(seed.RateLimit, seed.Quota, seed.AllowedAddresses?.ToArray()),
            Rotation = seed.RotatedFrom is { } from ? new TokenRotation(from) : null,
        };

        // Everything that can be computed is computed before the first write, so a failure there writes nothing.
        counters = created.Policies?.Counts == true ? new LiveCounters(created.Policies, null) : null;
        var snapshot = new CheckSnapshot(created, services.Calendar.ExpiresAt(created.ExpiryDate), created.UserStatus, revoked: false, counters, created.Policies);
        stored.State = created;
        try
        {
            if (!await WriteCreationAsync(seed.SecretHash))
            {
                // Another creation took this id between this activation's read and its write: draw another.
                return null;
            }

            await Catalog.UpsertAsync(Summary(snapshot.ExpiresAt));
        }
        catch
        {
            // The value was never handed out: leave neither a record nor an index entry behind.
            await ForgetAsync();
            throw;
        }

        published.Publish(snapshot);
        services.Local.Add(this);
        Log.TokenCreated(services.Logger, TokenId, seed.User, seed.CreatedBy);
        return View();
    }

    // The first write: a version conflict or a lost answer is settled by the stored record's secret hash, which is this
    // creation's only if this creation stored it.
    private async Task<bool> WriteCreationAsync(byte[] secretHash)
    {
        var created = Record;
        try
        {
            stored = await services.Store.WriteAsync(this.GetGrainId(), stored);
            return true;
        }
        catch (Exception failure) when (failure is InconsistentStateException || IsStoreFailure(failure))
        {
            stored = await services.Store.ReadAsync(this.GetGrainId(), stored);
            if (Exists && Record.SecretHash.AsSpan().SequenceEqual(secretHash))
            {
                stored.State = created;
                return true;
            }

            if (Exists)
            {
                Adopt();
                Publish();
                services.Local.Add(this);
                return false;
            }

            throw;
        }
    }

    public Task<CheckResult> CheckAsync(CheckRequest request)
    {
        if (published.Current is not { } current)
        {
            // Unknown ids must not pile up activations: anyone can mint well-formed ids.
            DeactivateOnIdle();
            return Task.FromResult(CheckResult.Unknown);
        }

        return Task.FromResult(Check(current, request));
    }

    /// <summary>
    /// A check made outside the grain's turns, through <see cref="LocalTokenChecks"/>. False when the token does not
    /// exist or the activation is deactivating: the caller then asks the grain.
    /// </summary>
    public bool TryCheck(CheckRequest request, [NotNullWhen(true)] out CheckResult? result)
    {
        if (published.Current is not { } current)
        {
            result = null;
            return false;
        }

        result = Check(current, request);
        // Read after the use was recorded: see CheckPublication's rule for checks in place.
        return !published.Leaving;
    }

    private CheckResult Check(CheckSnapshot current, CheckRequest request)
    {
        var now = services.Calendar.Now;
        if (current.Rotation is { } rotation && now >= rotation.EndsAt(lastUse.At) && current.Matches(request.SecretHash))
        {
            // A superseded token whose overlap has ended works no more, as if revoked (and is, at its next write).
            EndOverlapSoon();
            return new CheckResult(CheckOutcome.Revoked, Record.User);
        }

        var result = current.Check(request, now, services.Calendar, out var used);
        if (used)
        {
            RecordUse(now, request.Address);
        }
        else if (result.Outcome == CheckOutcome.WrongSecret)
        {
            RecordFailure(now);
        }

        return result;
    }

    // A wrong secret for this id: counted, never locking the token (its id is public, so anyone could), stored with the
    // date of last use and entered in the audit trail when that is written.
    private void RecordFailure(DateTimeOffset now)
    {
        var live = counters ?? Interlocked.CompareExchange(ref counters, new LiveCounters(Record.Policies, Record.Counters), null) ?? counters!;
        live.Fail(now);
        if (lastUse.MarkUnwritten() && !published.Leaving)
        {
            services.Flusher.Schedule(this);
        }
    }

    private void RecordUse(DateTimeOffset now, System.Net.IPAddress? address)
    {
        if (lastUse.At is null && Record.Rotation?.RotatedFrom is { } predecessor)
        {
            // The first use of a token that replaced another: the old one's overlap may now end when its traffic stops.
            services.Grains.GetGrain<IAccessTokenGrain>(predecessor).SuccessorUsedAsync(now).Ignore();
        }

        if (address is not null)
        {
            var addresses = recent ?? Interlocked.CompareExchange(ref recent, new RecentAddresses(Record.RecentAddresses), null) ?? recent!;
            addresses.Record(address, now);
        }

        if (lastUse.Record(now))
        {
            services.Flusher.Schedule(this);
        }
    }

    public Task<Introspection?> IntrospectAsync(byte[] secretHash)
    {
        if (published.Current is not { } current)
        {
            DeactivateOnIdle();
            return Task.FromResult<Introspection?>(null);
        }

        var now = services.Calendar.Now;
        if (!current.Matches(secretHash) || !current.Works(now) || now >= current.Rotation?.EndsAt(lastUse.At))
        {
            return Task.FromResult<Introspection?>(null);
        }

        // The scope is what the token opens now: its resources that the profile still allows.
        return Task.FromResult<Introspection?>(new Introspection(Record.User, TokenId, current.OpenResources(), Record.CreatedAt, current.ExpiresAt));
    }

    public async Task<AccessTokenView?> RevokeOwnAsync(byte[] secretHash)
    {
        if (published.Current is not { } current)
        {
            DeactivateOnIdle();
            return null;
        }

        if (!current.Matches(secretHash))
        {
            return null;
        }

        return (await RevokeAsync(Record.User)).Token;
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

        if (Lacking(caller) is { } refused)
        {
            return new RevokeResult(null, false, refused);
        }

        return await RevokeAsync(caller.Login);
    }

    public async Task<TokenChangeResult?> UpdateAsync(TokenChanges changes, Caller caller)
    {
        if (!Exists)
        {
            DeactivateOnIdle();
            return null;
        }

        if (Lacking(caller) is { } refused)
        {
            return new TokenChangeResult(null, refused);
        }

        var errors = new FieldErrors();
        if (changes.Name is not null)
        {
            NameRule.Check(changes.Name, TokenRules.MaxNameLength, errors);
        }

        LimitRules.Check(changes.RateLimit, errors);
        LimitRules.Check(changes.Quota, errors);
        var allowedAddresses = changes.SetAllowedAddresses ? AddressRules.Check(changes.AllowedAddresses, errors) : Record.Policies?.AllowedAddresses;
        if (errors.ToFailure() is { } invalid)
        {
            return new TokenChangeResult(null, invalid);
        }

        if (Record.RevokedAt is not null)
        {
            return new TokenChangeResult(null, new Failure(FailureKind.Conflict, $"The token {TokenId} is revoked; a revoked token does not change."));
        }

        var policies = TokenPolicies.Of(
            changes.SetRateLimit ? changes.RateLimit : Record.Policies?.RateLimit,
            changes.SetQuota ? changes.Quota : Record.Policies?.Quota,
            allowedAddresses);
        var name = changes.Name ?? Record.Name;
        if (name != Record.Name || !Equals(policies, Record.Policies))
        {
            // Counts already made carry over to the new policies: made before the write, taken up by the snapshot after it.
            counters ??= new LiveCounters(null, Record.Counters);
            await WriteAsync(token =>
            {
                var changed = token.Name != name || !Equals(token.Policies, policies);
                token.Name = name;
                token.Policies = policies;
                return changed;
            });
            counters.Apply(Record.Policies);
            Publish();
            Log.TokenChanged(services.Logger, TokenId, caller.Login);
            await Catalog.UpsertAsync(Summary(published.Current?.ExpiresAt));
        }

        // Every silo makes any copy of this token it may hold answer with the new policies before the change is answered;
        // also on a repeated call, so a change whose announcement failed completes when retried.
        var announced = Record.Policies;
        await services.Announcer.AnnounceAsync($"change of token {TokenId}", silo => silo.TokenChangedAsync(TokenId, announced, services.Announcer.Here), elsewhereOnly: true);
        return new TokenChangeResult(View());
    }

    public async Task<TokenChangeResult?> SupersedeAsync(string successor, RotationRequest rotation, string actor)
    {
        if (!Exists)
        {
            DeactivateOnIdle();
            return null;
        }

        var now = services.Calendar.Now;
        if (Record.Rotation?.SupersededBy is { } already)
        {
            return new TokenChangeResult(null, new Failure(FailureKind.Conflict, $"The token {TokenId} was rotated already, into {already}."));
        }

        if (Record.RevokedAt is not null || !published.Current!.Works(now))
        {
            return new TokenChangeResult(null, new Failure(FailureKind.Conflict, $"The token {TokenId} no longer works: only a working token rotates."));
        }

        var marked = (Record.Rotation ?? new TokenRotation(null)) with
        {
            SupersededBy = successor,
            OverlapEndsAt = rotation.Overlap is { } overlap ? now + overlap : null,
            EndWhenUnusedFor = rotation.EndWhenUnusedFor,
        };
        await WriteAsync(token =>
        {
            token.Rotation = marked;
            return true;
        });
        Log.TokenRotated(services.Logger, TokenId, successor, actor);
        if (rotation.Overlap is null)
        {
            await RevokeAsync(RotationActor);
        }
        else
        {
            WatchOverlap();
            await Catalog.UpsertAsync(Summary(published.Current?.ExpiresAt));
        }

        return new TokenChangeResult(View());
    }

    public async Task SuccessorUsedAsync(DateTimeOffset at)
    {
        if (!Exists || Record.Rotation is not { SupersededBy: not null, SuccessorUsedAt: null, EndWhenUnusedFor: not null } rotation)
        {
            return;
        }

        try
        {
            await WriteAsync(token =>
            {
                var changed = token.Rotation?.SuccessorUsedAt is null;
                token.Rotation = (token.Rotation ?? rotation) with { SuccessorUsedAt = token.Rotation?.SuccessorUsedAt ?? at };
                return changed;
            });
        }
        catch (Exception exception)
        {
            // Without it the overlap ends at its latest, as if no pause ended it.
            Log.RotationNoticeFailed(services.Logger, exception, TokenId);
        }
    }

    /// <summary>Who revokes a superseded token when its overlap ends.</summary>
    public const string RotationActor = "rotation";

    // While a superseded token overlaps with its successor, a timer looks, at least each minute, whether the overlap has
    // ended, and then revokes it for good (the checks refuse it from the instant it ends, timer or not).
    private void WatchOverlap()
    {
        if (overlap?.Timer is not null || Record.Rotation?.EndsAt(lastUse.At) is null || Record.RevokedAt is not null)
        {
            return;
        }

        var period = TimeSpan.FromMinutes(1);
        if (Record.Rotation.EndWhenUnusedFor is { } pause && pause < period)
        {
            period = pause;
        }

        Watch().Timer = this.RegisterGrainTimer(
            _ => EndOverlapIfDueAsync(),
            new GrainTimerCreationOptions { DueTime = period, Period = period, Interleave = false, KeepAlive = true });
    }

    // Called from checks, outside the grain's turns too: asks the grain, once, to revoke the token for good.
    private void EndOverlapSoon()
    {
        if (Watch().AskOnce())
        {
            services.Grains.GetGrain<ITokenLastUseWriter>(TokenId).EndOverlapIfDueAsync().Ignore();
        }
    }

    private OverlapWatch Watch() => overlap ?? Interlocked.CompareExchange(ref overlap, new OverlapWatch(), null) ?? overlap!;

    /// <summary>Revokes a superseded token whose overlap has ended (by rotation, at the instant it ended).</summary>
    public async Task EndOverlapIfDueAsync()
    {
        if (!Exists || Record.RevokedAt is not null || Record.Rotation?.EndsAt(lastUse.At) is not { } end || services.Calendar.Now < end)
        {
            overlap?.AskAgain();
            return;
        }

        await RevokeAsync(RotationActor, end);
        overlap?.Timer?.Dispose();
        overlap = null;
    }

    // As for issuing: nobody changes or ends the tokens of a user whose rights they do not hold.
    private Failure? Lacking(Caller caller)
    {
        var status = published.Current!.Status;
        var lacking = status.Permissions & ~caller.Permissions;
        return lacking != Permissions.None && caller.Login != Record.User
            ? new Failure(FailureKind.Forbidden,
                $"The profile '{status.Profile}' of '{Record.User}' holds permissions yours does not ({string.Join(", ", PermissionNames.Of(lacking))}); only a holder of all of them may change or revoke its tokens.")
            : null;
    }

    private async Task<RevokeResult> RevokeAsync(string actor, DateTimeOffset? revokedAt = null)
    {
        var revokedNow = false;
        if (Record.RevokedAt is null)
        {
            var at = revokedAt ?? services.Calendar.Now;
            await WriteAsync(token =>
            {
                // Applied again to the stored record after a version conflict: a revocation stored meanwhile is kept.
                revokedNow = token.RevokedAt is null;
                if (revokedNow)
                {
                    token.RevokedAt = at;
                    token.RevokedBy = actor;
                }

                return revokedNow;
            });

            if (revokedNow)
            {
                Log.TokenRevoked(services.Logger, TokenId, actor);
            }
        }

        // Every silo stops any copy of this token it may hold before the revocation is answered; also on a repeated
        // call, so a revocation whose announcement or index update failed completes when retried.
        await services.Announcer.AnnounceAsync($"revocation of token {TokenId}", silo => silo.TokenRevokedAsync(TokenId, services.Announcer.Here), elsewhereOnly: true);
        await Catalog.UpsertAsync(Summary(published.Current?.ExpiresAt));
        return new RevokeResult(View(), !revokedNow);
    }

    public async Task SetUserStatusAsync(UserStatus status)
    {
        if (!Exists)
        {
            DeactivateOnIdle();
            return;
        }

        // Stored before the push is answered, so a later activation starts from it without asking the user's grain.
        var pushed = SharedValues.Status(TokenUserStatus.Of(status, Record.Resources));
        if (!Equals(pushed, Record.UserStatus))
        {
            await WriteAsync(token =>
            {
                var changed = !Equals(token.UserStatus, pushed);
                token.UserStatus = pushed;
                return changed;
            });
        }
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
        published.Withdraw();
        services.Local.Remove(this);
        try
        {
            try
            {
                stored = await services.Store.ClearAsync(this.GetGrainId(), stored);
            }
            catch (InconsistentStateException)
            {
                stored = await services.Store.ReadAsync(this.GetGrainId(), stored);
                stored = await services.Store.ClearAsync(this.GetGrainId(), stored);
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
            stored.State = new AccessTokenState();
        }
    }

    private ITokenCatalogGrain Catalog =>
        GrainFactory.GetGrain<ITokenCatalogGrain>(CatalogShard.Of(TokenId, services.Options.CatalogShards));

    // Also called outside the grain's turns, when an announced change supersedes this copy.
    private void Publish() => published.Publish(Record, services.Calendar.ExpiresAt(Record.ExpiryDate), counters);

    /// <summary>Login of the token's user (read outside the grain's turns by the silo's change announcements).</summary>
    internal string UserLogin => Record.User;

    /// <summary>What this activation lets the token do, when it differs from what <paramref name="status"/> lets it.</summary>
    internal TokenUserStatus? MissedStatus(UserStatus status)
    {
        if (published.Current is not { } current)
        {
            return null;
        }

        var announced = SharedValues.Status(TokenUserStatus.Of(status, current.Resources));
        return Equals(current.Status, announced) ? null : announced;
    }

    /// <summary>What this activation lets the token do, when it differs from what its profile's <paramref name="grants"/> let it.</summary>
    internal TokenUserStatus? MissedGrants(ProfileGrants grants)
    {
        if (published.Current is not { } current || current.Status.Profile != grants.Profile)
        {
            return null;
        }

        var held = current.Status;
        var announced = TokenUserStatus.Of(new UserStatus(true, held.Active, held.Profile, grants), current.Resources);
        return Equals(held, announced) ? null : SharedValues.Status(announced);
    }

    /// <summary>True when this activation answers with other policies than <paramref name="policies"/>.</summary>
    internal bool MissesPolicies(TokenPolicies? policies) => Exists && !Equals(Record.Policies, policies);

    /// <summary>
    /// Called from outside the grain's turns on a second copy that missed a change of the token's policies: it answers with
    /// them at once (its own counts then counting against them), and deactivates.
    /// </summary>
    internal void SupersedePolicies(TokenPolicies? policies)
    {
        if (policies?.Counts == true)
        {
            var live = counters ?? Interlocked.CompareExchange(ref counters, new LiveCounters(policies, Record.Counters), null) ?? counters!;
            live.Apply(policies);
        }

        published.SupersedePolicies(policies);
        Publish();
        GrainContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "a second copy superseded by an announced change"));
    }

    /// <summary>
    /// Called from outside the grain's turns on a second copy of the token that missed a change: it answers with the change
    /// at once, and deactivates, so its next call reaches the activation that holds the current record.
    /// </summary>
    internal void Supersede(bool revoked, TokenUserStatus? status)
    {
        published.Supersede(revoked, status);
        Publish();
        GrainContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "a second copy superseded by an announced change"));
    }

    // Takes in a record just read: one copy of its repeated values, and the later of the two dates of last use.
    private void Adopt()
    {
        var token = Record;
        token.User = string.Intern(token.User);
        token.CreatedBy = string.Intern(token.CreatedBy);
        token.Resources = SharedValues.ResourceSet(token.Resources);
        if (token.UserStatus is { } status)
        {
            token.UserStatus = SharedValues.Status(status);
        }

        lastUse.Adopt(token.LastUsedAt);
        if (counters is not null)
        {
            counters.Apply(token.Policies);
            counters.Adopt(token.Counters);
        }
        else if (token.Policies?.Counts == true || token.Counters is not null)
        {
            counters = new LiveCounters(token.Policies, token.Counters);
        }

        recent?.Adopt(token.RecentAddresses);
    }

    public async Task WriteLastUseAsync()
    {
        if (!lastUse.Unwritten || !Exists)
        {
            return;
        }

        try
        {
            await WriteAsync(static _ => false);
        }
        catch (Exception exception)
        {
            Log.LastUseFlushFailed(services.Logger, exception, TokenId);
        }

        await AuditFailuresAsync();
    }

    // One entry for the wrong secrets presented since the last one: at most one per flush interval, however many there
    // were, so a flood of guesses costs the trail a few writes a minute.
    private async Task AuditFailuresAsync()
    {
        if (counters is not { } live || live.TakeUnaudited() is var unaudited && unaudited <= 0)
        {
            return;
        }

        try
        {
            await GrainFactory.GetGrain<IAuditLogGrain>(0).AppendAsync(new AuditRecord(
                "anonymous", "token.check", TokenId, "-", "wrong secret", TokenId, Record.CreatedBy,
                Count: (int)Math.Min(unaudited, int.MaxValue), At: live.LastFailedAt));
        }
        catch (Exception exception)
        {
            Log.FailureAuditFailed(services.Logger, exception, TokenId, unaudited);
        }
    }

    /// <summary>
    /// Applies <paramref name="change"/> (true when it changed the record) with the exact date of last use, publishes
    /// the result, and stores it. A version conflict means another activation, or a write of this one whose answer was
    /// lost, stored a newer record: it is read, the change applied to it again (the later date of last use wins, a
    /// stored revocation is kept) and written, so a stale activation never keeps failing. A store failure may hide a
    /// committed write: the stored record is read, and the write counts as done when it already holds the change.
    /// </summary>
    private async Task WriteAsync(Func<AccessTokenState, bool> change)
    {
        lastUse.BeginWrite();
        var before = Copy(Record);
        Apply(change);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                stored = await services.Store.WriteAsync(this.GetGrainId(), stored);
                Written();
                return;
            }
            catch (InconsistentStateException) when (attempt < MaxMerges)
            {
                Log.VersionConflictMerged(services.Logger, TokenId, attempt);
                await ReadAgainAsync();
                Apply(change);
            }
            catch (Exception failure) when (IsStoreFailure(failure))
            {
                await SettleAsync(change, before, failure);
                return;
            }
            catch
            {
                AskForRewrite();
                throw;
            }
        }
    }

    // After a store failure: the write counts as done when the stored record holds the change, and is refused when it
    // does not (this activation then holds the stored record, as the store does). When the record cannot be read back
    // either, the activation keeps the record it had before the change and its version: should the write have been
    // committed after all, the next write meets the newer version and merges with it.
    private async Task SettleAsync(Func<AccessTokenState, bool> change, AccessTokenState before, Exception failure)
    {
        try
        {
            await ReadAgainAsync();
        }
        catch (Exception unsettled) when (IsStoreFailure(unsettled))
        {
            stored.State = before;
            Publish();
            AskForRewrite();
            throw new StoreOutcomeUnknownException($"The token store did not confirm the write of token {TokenId} and could not be read back.", failure);
        }

        var current = Copy(Record);
        if (lastUse.IsLaterThan(current.LastUsedAt))
        {
            AskForRewrite();
        }

        if (change(current))
        {
            ExceptionDispatchInfo.Capture(failure).Throw();
        }
    }

    // Once written, the stored form of the recent addresses is left to the live ones, which the next write (Apply)
    // and a hand-over turn into it again: a used token keeps one copy of them, not two.
    private void Written()
    {
        if (recent is not null)
        {
            Record.RecentAddresses = null;
        }
    }

    // Applies a change and the exact date of last use to the record, and publishes the result.
    private void Apply(Func<AccessTokenState, bool> change)
    {
        change(Record);
        Record.LastUsedAt = lastUse.At;
        Record.Counters = counters?.ToStored() ?? Record.Counters;
        Record.RecentAddresses = recent?.ToArray() ?? Record.RecentAddresses;
        Publish();
    }

    private async Task ReadAgainAsync()
    {
        stored = await services.Store.ReadAsync(this.GetGrainId(), stored);
        if (!Exists)
        {
            // The record was removed (a creation undone): nothing is left to write to.
            published.Withdraw();
            services.Local.Remove(this);
            DeactivateOnIdle();
            throw new OrleansException($"Token {TokenId} no longer exists in the store.");
        }

        Adopt();
        Publish();
    }

    // A write that did not happen leaves the date of last use to write again.
    private void AskForRewrite()
    {
        if (lastUse.MarkUnwritten() && !published.Leaving)
        {
            services.Flusher.Schedule(this);
        }
    }

    private static bool IsStoreFailure(Exception failure) => failure is OrleansException and not InconsistentStateException;

    private static AccessTokenState Copy(AccessTokenState token) => new()
    {
        Name = token.Name,
        User = token.User,
        Resources = token.Resources,
        CreatedAt = token.CreatedAt,
        CreatedBy = token.CreatedBy,
        ExpiryDate = token.ExpiryDate,
        SecretHash = token.SecretHash,
        RevokedAt = token.RevokedAt,
        RevokedBy = token.RevokedBy,
        LastUsedAt = token.LastUsedAt,
        UserStatus = token.UserStatus,
        Policies = token.Policies,
        Counters = token.Counters,
        RecentAddresses = token.RecentAddresses,
        Rotation = token.Rotation,
    };

    private TokenSummary Summary(DateTimeOffset? expiresAt) =>
        new(TokenId, Record.Name, Record.User, Record.CreatedAt, expiresAt, Record.RevokedAt is not null, Record.Resources);

    private AccessTokenView View()
    {
        var token = Record;
        var expiresAt = published.Current?.ExpiresAt;
        var now = services.Calendar.Now;
        // A superseded token whose overlap has ended reads as revoked by the rotation from that instant, written or not.
        var overlapEnds = token.Rotation?.EndsAt(lastUse.At);
        var (revokedAt, revokedBy) = token.RevokedAt is null && now >= overlapEnds ? (overlapEnds, RotationActor) : (token.RevokedAt, token.RevokedBy);
        return new AccessTokenView(
            TokenId, token.Name, token.User, [.. token.Resources], token.CreatedAt, token.CreatedBy, token.ExpiryDate,
            expiresAt, lastUse.At, TokenStatuses.Of(revokedAt is not null, expiresAt, now), revokedAt, revokedBy,
            token.Policies?.RateLimit, token.Policies?.Quota, token.Policies?.Quota is null ? null : counters?.RemainingUses(now, services.Calendar),
            counters?.FailedAttempts ?? 0, counters?.LastFailedAt,
            token.Policies?.AllowedAddresses, recent?.ToArray() ?? token.RecentAddresses ?? [],
            token.Rotation?.RotatedFrom, token.Rotation?.SupersededBy, token.RevokedAt is null ? overlapEnds : null);
    }
}
