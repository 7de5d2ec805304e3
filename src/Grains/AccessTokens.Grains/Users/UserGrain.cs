using AccessTokens.Common;
using AccessTokens.Profiles;
using AccessTokens.Resources;
using AccessTokens.Tokens;
using AccessTokens.Time;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AccessTokens.Users;

/// <summary>
/// One user, keyed by login. Every change is stored before the call returns; status changes (active,
/// profile) are pushed to all of the user's token grains before the call returns, so the next check of
/// any of them, anywhere in the cluster, sees the change without calling this grain.
/// </summary>
public sealed class UserGrain(
    [PersistentState("user", StorageNames.Store)] IPersistentState<UserState> state,
    ServiceCalendar calendar,
    IPasswordHasher<string> hasher,
    PasswordHashing hashing,
    IOptions<AccessTokensOptions> options,
    IOptions<ThrottlingOptions> throttling,
    Announcements.ChangeAnnouncer announcer,
    TokenIdAuthority ids,
    ILogger<UserGrain> logger) : Grain, IUserGrain
{
    private const int IdAttempts = 5;

    // Token grains pushed to at once; with the profile catalog's batch of users, a profile change activates
    // at most 4 × 32 token grains at a time.
    private const int TokenPushBatch = 32;

    private static readonly PasswordVerdict KnownLoginRefused = PasswordVerdict.Refused with { KnownLogin = true };

    private readonly PasswordGuard guard = new();
    private ProfileGrants grants = ProfileGrants.None;
    private UserStatus? sharedStatus;

    private bool Exists => state.State.Login.Length > 0;

    private string Login => this.GetPrimaryKeyString();

    private IProfileCatalogGrain ProfileCatalog => GrainFactory.GetGrain<IProfileCatalogGrain>(0);

    private IUserDirectoryGrain Directory => GrainFactory.GetGrain<IUserDirectoryGrain>(0);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Exists)
        {
            grants = await this.WhileActivatingAsync(ProfileCatalog.GetGrantsAsync(state.State.Profile), logger, cancellationToken) ?? ProfileGrants.None;
        }
    }

    public async Task<UserResult> CreateAsync(NewUser user, Caller caller)
    {
        var errors = new FieldErrors();
        if (!UserRules.IsValidLogin(Login))
        {
            errors.Add("login", UserRules.LoginMessage);
        }

        UserRules.CheckName(user.Name, errors);
        var profile = user.Profile ?? BuiltInProfiles.User;
        var profileGrants = await FindProfileAsync(profile, errors);
        if (user.Password is not null)
        {
            UserRules.CheckPassword(user.Password, errors);
        }

        if (errors.ToFailure() is { } invalid)
        {
            return Refuse(invalid);
        }

        if (!(await GrantsOfAsync(caller)).Covers(profileGrants))
        {
            return Refuse(Beyond(caller, profile, "assign it"));
        }

        if (Exists)
        {
            return new UserResult(null, new Failure(FailureKind.Conflict, $"The login '{Login}' is already taken."));
        }

        // In the directory first: a profile change pushed from now on reaches this user, so the grants read
        // below cannot go stale unseen.
        await Directory.SetAsync(Login, profile);
        profileGrants = await ProfileCatalog.GetGrantsAsync(profile) ?? profileGrants;
        state.State = new UserState
        {
            Login = Login,
            Name = user.Name!,
            Profile = profile,
            Active = true,
            CreatedAt = calendar.Now,
            PasswordHash = user.Password is null ? null : hasher.HashPassword(Login, user.Password),
        };
        try
        {
            await state.WriteSettledAsync(this);
        }
        catch
        {
            // Leave nothing half-written: a login in the directory without a user would show in counts.
            state.State = new UserState();
            await ForgetInDirectoryAsync();
            throw;
        }

        grants = profileGrants;

        Log.UserCreated(logger, Login, profile);
        return new UserResult(View(), null);
    }

    public Task<UserView?> GetAsync()
    {
        if (!Exists)
        {
            ForgetIfMissing();
            return Task.FromResult<UserView?>(null);
        }

        return Task.FromResult<UserView?>(View());
    }

    public async Task<UserResult> UpdateAsync(UserChanges changes, Caller caller)
    {
        if (!Exists)
        {
            return Refuse(new Failure(FailureKind.NotFound, $"No user with login '{Login}' exists."));
        }

        var errors = new FieldErrors();
        if (changes.Name is not null)
        {
            UserRules.CheckName(changes.Name, errors);
        }

        var profileGrants = grants;
        if (changes.Profile is not null)
        {
            profileGrants = await FindProfileAsync(changes.Profile, errors);
        }

        if (changes.Password is not null)
        {
            UserRules.CheckPassword(changes.Password, errors);
        }

        if (errors.ToFailure() is { } invalid)
        {
            return new UserResult(null, invalid);
        }

        // A new password, a disabled account or another profile hands over or takes away the user's rights: only a
        // holder of all of them may change the user, and only a holder of the new profile's may assign it.
        var callerGrants = await GrantsOfAsync(caller);
        if (caller.Login != Login && !callerGrants.Covers(grants))
        {
            return new UserResult(null, Beyond(caller, state.State.Profile, "change its users"));
        }

        if (changes.Profile is not null && changes.Profile != state.State.Profile && !callerGrants.Covers(profileGrants))
        {
            return new UserResult(null, Beyond(caller, changes.Profile, "assign it"));
        }

        var losesAdministration = CanAdminister(state.State.Active, grants)
            && !CanAdminister(changes.Active ?? state.State.Active, profileGrants);
        if (losesAdministration && !await AnotherAdministratorAsync())
        {
            return new UserResult(null, new Failure(FailureKind.Conflict,
                $"'{Login}' is the last active user able to administer; give another user that right first, or nobody could manage the service."));
        }

        var before = state.State;
        var profileChanged = changes.Profile is not null && changes.Profile != before.Profile;
        if (profileChanged)
        {
            // As on creation: join the new profile's members before reading its grants.
            await Directory.SetAsync(Login, changes.Profile!);
            profileGrants = await ProfileCatalog.GetGrantsAsync(changes.Profile!) ?? profileGrants;
        }

        // Every session ends with the credentials or rights it was opened under.
        var endsSessions = changes.Password is not null || changes.Active == false || profileChanged;
        state.State = new UserState
        {
            Login = before.Login,
            Name = changes.Name ?? before.Name,
            Profile = changes.Profile ?? before.Profile,
            Active = changes.Active ?? before.Active,
            CreatedAt = before.CreatedAt,
            PasswordHash = changes.Password is null ? before.PasswordHash : hasher.HashPassword(Login, changes.Password),
            TokenIds = before.TokenIds,
            SignInAddresses = before.SignInAddresses,
            Sessions = endsSessions ? [] : before.Sessions,
        };
        try
        {
            await state.WriteSettledAsync(this);
        }
        catch
        {
            state.State = before;
            if (profileChanged)
            {
                await RestoreInDirectoryAsync(before.Profile);
            }

            throw;
        }

        grants = profileGrants;

        // Pushed whenever the request names the status, changed or not, so retrying a request whose push
        // failed half-way brings every token in line; then announced to every silo, for any second copy of a token
        // that missed the push.
        if (changes.Active is not null || changes.Profile is not null)
        {
            await PushStatusAsync();
            var status = Status();
            await announcer.AnnounceAsync($"status of user {Login}", silo => silo.UserChangedAsync(Login, status));
        }

        Log.UserUpdated(logger, Login, state.State.Profile, state.State.Active);
        return new UserResult(View(), null);
    }

    public Task<UserStatus> GetStatusAsync() => Task.FromResult(Status());

    public async Task ApplyProfileAsync(ProfileGrants changed)
    {
        if (!Exists)
        {
            ForgetIfMissing();
            return;
        }

        // A push for a profile this user has left, or older than what it holds, changes nothing. An equal
        // version is pushed again: it is the profile catalog retrying a push that failed half-way.
        if (changed.Profile != state.State.Profile || changed.Version < grants.Version)
        {
            return;
        }

        grants = changed;
        await PushStatusAsync();
    }

    public async Task<PasswordVerdict> AuthenticateAsync(PasswordAttempt attempt)
    {
        var now = calendar.Now;
        var limits = throttling.Value;
        var user = state.State;
        var known = Exists && KnownAddresses.Contains(user.SignInAddresses, attempt.Address, now, limits.KnownAddressLifetime);
        if (guard.RefusedFor(attempt.Address, known, now, limits) is { } wait)
        {
            Log.AuthenticationThrottled(logger, Login, attempt.Address);
            return new PasswordVerdict(AuthenticationOutcome.Throttled, RetryAfter: wait);
        }

        // Spend the same work for a login without a password as for a real verification, so response times do not
        // reveal which logins exist. The hash runs on a hashing thread, or not at all when they are all busy.
        var stored = Exists && user.PasswordHash is not null ? user.PasswordHash : UnusableHash.Value;
        var password = attempt.Password;
        var verdict = await hashing.RunAsync(() => hasher.VerifyHashedPassword(Login, stored, password));
        if (verdict == PasswordVerificationResult.Failed && attempt.AlternativePassword is { } alternative)
        {
            // The same attempt read another way (an OAuth client's form-urlencoded password): still one attempt.
            password = alternative;
            verdict = await hashing.RunAsync(() => hasher.VerifyHashedPassword(Login, stored, password));
        }

        if (verdict is null)
        {
            return PasswordVerdict.Busy;
        }

        if (!Exists || user.PasswordHash is null)
        {
            return Failed(attempt, now, Exists ? "no password set" : "unknown login");
        }

        if (verdict == PasswordVerificationResult.Failed)
        {
            return Failed(attempt, now, "wrong password");
        }

        if (!user.Active)
        {
            return Failed(attempt, now, "user disabled");
        }

        guard.Succeeded(attempt.Address);
        var (hash, addresses, sessions) = (user.PasswordHash, user.SignInAddresses.ToList(), user.Sessions.ToList());
        var changed = KnownAddresses.Record(user.SignInAddresses, attempt.Address, now);
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded
            && await hashing.RunAsync(() => (Hash: hasher.HashPassword(Login, password), Done: true)) is { } rehashed)
        {
            // When the hashing threads are busy the old hash stays until the next sign-in.
            user.PasswordHash = rehashed.Hash;
            changed = true;
        }

        var session = attempt.SessionLifetime is { } lifetime ? UserSessions.Open(user.Sessions, now, lifetime) : null;
        if (changed || session is not null)
        {
            try
            {
                await state.WriteSettledAsync(this);
            }
            catch (Exception exception)
            {
                (user.PasswordHash, user.SignInAddresses, user.Sessions) = (hash, addresses, sessions);
                if (session is not null)
                {
                    // A session the store does not hold would end with this activation: the sign-in fails instead.
                    throw;
                }

                Log.KnownAddressNotStored(logger, exception, Login);
            }
        }

        return new PasswordVerdict(AuthenticationOutcome.Succeeded, Status(), SessionId: session);
    }

    public Task<UserStatus?> ValidateSessionAsync(string sessionId)
    {
        if (!Exists)
        {
            ForgetIfMissing();
            return Task.FromResult<UserStatus?>(null);
        }

        var open = state.State.Active && UserSessions.IsOpen(state.State.Sessions, sessionId, calendar.Now);
        return Task.FromResult(open ? Status() : null);
    }

    public async Task EndSessionAsync(string sessionId)
    {
        var sessions = state.State.Sessions;
        var before = sessions.ToList();
        if (!Exists || !UserSessions.End(sessions, sessionId))
        {
            return;
        }

        try
        {
            await state.WriteSettledAsync(this);
        }
        catch
        {
            state.State.Sessions = before;
            throw;
        }
    }

    public Task<CreatedAccessToken> CreateTokenAsync(NewAccessToken request, Caller caller) => IssueAsync(request, caller, null);

    public async Task<CreatedAccessToken> RotateTokenAsync(string tokenId, RotationRequest rotation, Caller caller)
    {
        if (!Exists)
        {
            ForgetIfMissing();
            return new CreatedAccessToken(null, null, new Failure(FailureKind.NotFound, $"No user with login '{Login}' exists."));
        }

        if (RotationRules.Check(rotation) is { } invalid)
        {
            return new CreatedAccessToken(null, null, invalid);
        }

        var old = GrainFactory.GetGrain<IAccessTokenGrain>(tokenId);
        var view = state.State.TokenIds.Contains(tokenId) ? await old.GetAsync() : null;
        if (view is null || view.User != Login)
        {
            return new CreatedAccessToken(null, null, new Failure(FailureKind.NotFound, $"No access token with id '{tokenId}' exists."));
        }

        if (view.SupersededBy is { } successor)
        {
            return new CreatedAccessToken(null, null, new Failure(FailureKind.Conflict, $"The token {tokenId} was rotated already, into {successor}."));
        }

        if (view.Status != TokenStatus.Active)
        {
            return new CreatedAccessToken(null, null, new Failure(FailureKind.Conflict, $"The token {tokenId} is {view.Status.ToString().ToLowerInvariant()}: only a working token rotates."));
        }

        // Everything but the id and the value is the old token's.
        var request = new NewAccessToken(view.Name, [.. view.Resources], view.ExpiryDate, null, view.RateLimit, view.Quota, view.AllowedAddresses?.ToList());
        var created = await IssueAsync(request, caller, tokenId);
        if (created.Token is not { } issued)
        {
            return created;
        }

        TokenChangeResult? superseded;
        try
        {
            superseded = await old.SupersedeAsync(issued.Id, rotation, caller.Login);
        }
        catch
        {
            // Nothing half-done: the new value is never handed out, and its token is removed.
            await ForgetTokenAsync(issued.Id);
            throw;
        }

        if (superseded?.Failure is not null || superseded?.Token is null)
        {
            await ForgetTokenAsync(issued.Id);
            return new CreatedAccessToken(null, null, superseded?.Failure ?? new Failure(FailureKind.NotFound, $"No access token with id '{tokenId}' exists."));
        }

        return created;
    }

    private async Task<CreatedAccessToken> IssueAsync(NewAccessToken request, Caller caller, string? rotatedFrom)
    {
        if (!Exists)
        {
            ForgetIfMissing();
            return new CreatedAccessToken(null, null, Failure.Invalid("user", $"No user with login '{Login}' exists."));
        }

        if ((grants.Permissions & ~caller.Permissions) != Permissions.None)
        {
            return new CreatedAccessToken(null, null, new Failure(
                FailureKind.Forbidden,
                $"The profile '{state.State.Profile}' of '{Login}' holds permissions yours does not; only a holder of all of them may issue its tokens."));
        }

        var invalid = TokenRules.Validate(request, calendar.Today, out var resources, out var expiryDate, out var allowedAddresses);
        if (invalid is null)
        {
            invalid = await CheckResourcesAsync(resources);
        }

        if (!state.State.Active)
        {
            invalid = Failure.Invalid(Merge(invalid, "user", $"The user '{Login}' is disabled; enable it before issuing tokens."));
        }

        if (invalid is not null)
        {
            return new CreatedAccessToken(null, null, invalid);
        }

        // Whoever issues a token holds its value: a token that administers in another administrator's name would let a
        // token administrator act as that peer, so it takes a caller who may administer everything anyway.
        if (caller.Login != Login && (grants.Permissions & Permissions.Administer) != Permissions.None
            && (caller.Permissions & Permissions.Administer) != Permissions.Administer
            && resources.Contains(BuiltInResources.Admin, StringComparer.Ordinal))
        {
            return new CreatedAccessToken(null, null, new Failure(
                FailureKind.Forbidden,
                $"'{Login}' administers too: only a holder of both tokens.admin and users.admin may issue a token that opens '{BuiltInResources.Admin}' in another administrator's name."));
        }

        var prefix = options.Value.TokenPrefix;
        for (var attempt = 0; attempt < IdAttempts; attempt++)
        {
            var generated = TokenValue.Generate(prefix, await ids.MintAsync(calendar.Now));
            var token = GrainFactory.GetGrain<IAccessTokenGrain>(generated.Id);
            var seed = new TokenSeed(request.Name!, Login, resources, expiryDate, generated.SecretHash, caller.Login, Status(), request.RateLimit, request.Quota, allowedAddresses, rotatedFrom);
            if (await token.CreateAsync(seed) is not { } view)
            {
                continue;
            }

            state.State.TokenIds.Add(generated.Id);
            try
            {
                await state.WriteSettledAsync(this);
            }
            catch
            {
                await ForgetTokenAsync(generated.Id);
                throw;
            }

            return new CreatedAccessToken(view, generated.Value, null);
        }

        throw new InvalidOperationException($"No free token id after {IdAttempts} attempts.");
    }

    private static bool CanAdminister(bool active, ProfileGrants profile) =>
        active && (profile.Permissions & Permissions.Administer) == Permissions.Administer;

    // Another active user whose profile holds both admin permissions. Not a lock: two administrators
    // disabling each other at the same instant could both pass.
    private async Task<bool> AnotherAdministratorAsync()
    {
        var profiles = await ProfileCatalog.ListAsync();
        foreach (var profile in profiles)
        {
            var grantsOf = await ProfileCatalog.GetGrantsAsync(profile.Name);
            if (grantsOf is null || !CanAdminister(true, grantsOf))
            {
                continue;
            }

            foreach (var login in await Directory.MembersAsync(profile.Name))
            {
                if (login != Login && (await GrainFactory.GetGrain<IUserGrain>(login).GetStatusAsync()).Active)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private async Task<Failure?> CheckResourcesAsync(IReadOnlyList<string> resources)
    {
        var errors = new FieldErrors();
        var missing = await GrainFactory.GetGrain<IResourceCatalogGrain>(0).MissingAsync(resources);
        foreach (var resource in resources)
        {
            if (missing.Contains(resource, StringComparer.Ordinal))
            {
                errors.Add("resources", $"'{resource}' is not in the resource catalogue; add it under /api/v1/resources first.");
            }
            else if (grants.AccessTo(resource) == ResourceAccess.None)
            {
                errors.Add("resources", $"'{resource}' is not allowed by the profile '{state.State.Profile}' of '{Login}'.");
            }
        }

        return errors.ToFailure();
    }

    private async Task<ProfileGrants> FindProfileAsync(string profile, FieldErrors errors)
    {
        if (!ProfileRules.IsValidName(profile))
        {
            errors.Add("profile", ProfileRules.NameMessage);
            return ProfileGrants.None;
        }

        var found = await ProfileCatalog.GetGrantsAsync(profile);
        if (found is null)
        {
            errors.Add("profile", $"No profile named '{profile}' exists; see /api/v1/profiles.");
        }

        return found ?? ProfileGrants.None;
    }

    private async Task ForgetInDirectoryAsync()
    {
        try
        {
            await Directory.RemoveAsync(Login);
        }
        catch (Exception exception)
        {
            Log.DirectoryRepairFailed(logger, exception, Login);
        }
    }

    private async Task RestoreInDirectoryAsync(string profile)
    {
        try
        {
            await Directory.SetAsync(Login, profile);
        }
        catch (Exception exception)
        {
            Log.DirectoryRepairFailed(logger, exception, Login);
        }
    }

    // Takes back a token whose value was never handed out: its record and index entry, then its id in this user's list
    // (which, after a refused write, already holds what the store holds).
    private async Task ForgetTokenAsync(string tokenId)
    {
        try
        {
            await GrainFactory.GetGrain<IAccessTokenGrain>(tokenId).DiscardAsync();
            if (state.State.TokenIds.Remove(tokenId))
            {
                await state.WriteSettledAsync(this);
            }
        }
        catch (Exception exception)
        {
            // The value was never returned, so what is left cannot be used; it only shows in lists and counts.
            Log.TokenListRepairFailed(logger, exception, tokenId, Login);
        }
    }

    private async Task<ProfileGrants> GrantsOfAsync(Caller caller) =>
        await ProfileCatalog.GetGrantsAsync(caller.Profile) ?? ProfileGrants.None;

    private static Failure Beyond(Caller caller, string profile, string what) => new(
        FailureKind.Forbidden,
        $"The profile '{caller.Profile}' of '{caller.Login}' does not hold every right of the profile '{profile}' (its permissions, and its access to each resource); only a holder of all of them may {what}.");

    private PasswordVerdict Failed(PasswordAttempt attempt, DateTimeOffset now, string reason)
    {
        var limits = throttling.Value;
        guard.Failed(attempt.Address, now, limits);
        // The failures must outlive this activation as long as they count, for unknown logins as for real ones.
        DelayDeactivation(limits.Window);
        Log.AuthenticationRefused(logger, Login, reason);
        return Exists ? KnownLoginRefused : PasswordVerdict.Refused;
    }

    // A login that does not exist keeps no activation, unless its wrong passwords still count: throttling answers
    // unknown logins as it answers real ones, so it tells nobody which logins exist.
    private void ForgetIfMissing()
    {
        if (!Exists && guard.IsIdle(calendar.Now, throttling.Value.Window))
        {
            DeactivateOnIdle();
        }
    }

    private async Task PushStatusAsync()
    {
        var status = Status();
        await Fanout.ForEachAsync(state.State.TokenIds, TokenPushBatch, id => GrainFactory.GetGrain<IAccessTokenGrain>(id).SetUserStatusAsync(status));
    }

    private UserResult Refuse(Failure failure)
    {
        ForgetIfMissing();
        return new UserResult(null, failure);
    }

    private static Dictionary<string, string[]> Merge(Failure? failure, string field, string message)
    {
        var errors = failure?.Errors?.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal)
            ?? new Dictionary<string, string[]>(StringComparer.Ordinal);
        errors[field] = [.. errors.GetValueOrDefault(field, []), message];
        return errors;
    }

    // Every token grain of the user keeps the status it was given, and local calls pass immutable values by
    // reference: handing out one instance while nothing changed keeps one copy for all of them.
    private UserStatus Status()
    {
        if (!Exists)
        {
            return UserStatus.Missing;
        }

        if (sharedStatus is not { } current || current.Active != state.State.Active
            || !string.Equals(current.Profile, state.State.Profile, StringComparison.Ordinal) || !ReferenceEquals(current.Grants, grants))
        {
            sharedStatus = new UserStatus(true, state.State.Active, state.State.Profile, grants);
        }

        return sharedStatus;
    }

    private UserView View() => new(
        state.State.Login, state.State.Name, state.State.Profile, state.State.Active, state.State.CreatedAt,
        state.State.TokenIds.Count, state.State.PasswordHash is not null);

    private static readonly Lazy<string> UnusableHash =
        new(() => new PasswordHasher<string>().HashPassword(string.Empty, Guid.NewGuid().ToString()));
}
