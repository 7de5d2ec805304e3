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
    IOptions<AccessTokensOptions> options,
    ILogger<UserGrain> logger) : Grain, IUserGrain
{
    private const int IdAttempts = 5;

    // Token grains pushed to at once; with the profile catalog's batch of users, a profile change activates
    // at most 4 × 32 token grains at a time.
    private const int TokenPushBatch = 32;

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

    public async Task<UserResult> CreateAsync(NewUser user)
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
            await state.WriteStateAsync();
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
            DeactivateOnIdle();
            return Task.FromResult<UserView?>(null);
        }

        return Task.FromResult<UserView?>(View());
    }

    public async Task<UserResult> UpdateAsync(UserChanges changes)
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

        state.State = new UserState
        {
            Login = before.Login,
            Name = changes.Name ?? before.Name,
            Profile = changes.Profile ?? before.Profile,
            Active = changes.Active ?? before.Active,
            CreatedAt = before.CreatedAt,
            PasswordHash = changes.Password is null ? before.PasswordHash : hasher.HashPassword(Login, changes.Password),
            TokenIds = before.TokenIds,
        };
        try
        {
            await state.WriteStateAsync();
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
        // failed half-way brings every token in line.
        if (changes.Active is not null || changes.Profile is not null)
        {
            await PushStatusAsync();
        }

        Log.UserUpdated(logger, Login, state.State.Profile, state.State.Active);
        return new UserResult(View(), null);
    }

    public Task<UserStatus> GetStatusAsync() => Task.FromResult(Status());

    public async Task ApplyProfileAsync(ProfileGrants changed)
    {
        if (!Exists)
        {
            DeactivateOnIdle();
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

    public async Task<UserStatus?> AuthenticateAsync(string password)
    {
        var hash = state.State.PasswordHash;
        if (!Exists || hash is null)
        {
            // Spend the same work as a real verification so response times do not reveal which logins exist.
            hasher.VerifyHashedPassword(Login, UnusableHash.Value, password);
            Log.AuthenticationRefused(logger, Login, Exists ? "no password set" : "unknown login");
            DeactivateOnIdle();
            return null;
        }

        var verdict = hasher.VerifyHashedPassword(Login, hash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            Log.AuthenticationRefused(logger, Login, "wrong password");
            return null;
        }

        if (!state.State.Active)
        {
            Log.AuthenticationRefused(logger, Login, "user disabled");
            return null;
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            state.State.PasswordHash = hasher.HashPassword(Login, password);
            await state.WriteStateAsync();
        }

        return Status();
    }

    public async Task<CreatedAccessToken> CreateTokenAsync(NewAccessToken request, string actor, Permissions actorPermissions)
    {
        if (!Exists)
        {
            DeactivateOnIdle();
            return new CreatedAccessToken(null, null, Failure.Invalid("user", $"No user with login '{Login}' exists."));
        }

        if ((grants.Permissions & ~actorPermissions) != Permissions.None)
        {
            return new CreatedAccessToken(null, null, new Failure(
                FailureKind.Forbidden,
                $"The profile '{state.State.Profile}' of '{Login}' holds permissions yours does not; only a holder of all of them may issue its tokens."));
        }

        var invalid = TokenRules.Validate(request, calendar.Today, out var resources, out var expiryDate);
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

        var prefix = options.Value.TokenPrefix;
        for (var attempt = 0; attempt < IdAttempts; attempt++)
        {
            var generated = TokenValue.Generate(prefix);
            var token = GrainFactory.GetGrain<IAccessTokenGrain>(generated.Id);
            var seed = new TokenSeed(request.Name!, Login, resources, expiryDate, generated.SecretHash, actor, Status());
            if (!await token.CreateAsync(seed))
            {
                continue;
            }

            state.State.TokenIds.Add(generated.Id);
            try
            {
                await state.WriteStateAsync();
            }
            catch
            {
                state.State.TokenIds.Remove(generated.Id);
                await DiscardAsync(token, generated.Id);
                throw;
            }

            var view = await token.GetAsync();
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

    private async Task DiscardAsync(IAccessTokenGrain token, string tokenId)
    {
        try
        {
            await token.DiscardAsync();
        }
        catch (Exception exception)
        {
            // The value was never returned, so the orphan cannot be used; it only shows in lists.
            Log.DiscardFailed(logger, exception, tokenId);
        }
    }

    private async Task PushStatusAsync()
    {
        var status = Status();
        await Fanout.ForEachAsync(state.State.TokenIds, TokenPushBatch, id => GrainFactory.GetGrain<IAccessTokenGrain>(id).SetUserStatusAsync(status));
    }

    private UserResult Refuse(Failure failure)
    {
        if (!Exists)
        {
            DeactivateOnIdle();
        }

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
