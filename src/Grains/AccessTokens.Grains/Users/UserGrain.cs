using AccessTokens.Common;
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

    private bool Exists => state.State.Login.Length > 0;

    private string Login => this.GetPrimaryKeyString();

    public async Task<UserResult> CreateAsync(NewUser user)
    {
        var errors = new FieldErrors();
        if (!UserRules.IsValidLogin(Login))
        {
            errors.Add("login", UserRules.LoginMessage);
        }

        UserRules.CheckName(user.Name, errors);
        var profile = user.Profile ?? Profiles.User;
        UserRules.CheckProfile(profile, errors);
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
            await GrainFactory.GetGrain<IUserDirectoryGrain>(0).AddAsync(Login);
        }
        catch
        {
            // Leave nothing half-written: a user missing from the directory would be invisible to lists
            // yet hold its login.
            if (state.RecordExists)
            {
                await state.ClearStateAsync();
            }

            state.State = new UserState();
            throw;
        }

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

        if (changes.Profile is not null)
        {
            UserRules.CheckProfile(changes.Profile, errors);
        }

        if (changes.Password is not null)
        {
            UserRules.CheckPassword(changes.Password, errors);
        }

        if (errors.ToFailure() is { } invalid)
        {
            return new UserResult(null, invalid);
        }

        var before = state.State;
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
            throw;
        }

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

    public async Task<CreatedAccessToken> CreateTokenAsync(NewAccessToken request, string actor)
    {
        if (!Exists)
        {
            DeactivateOnIdle();
            return new CreatedAccessToken(null, null, Failure.Invalid("user", $"No user with login '{Login}' exists."));
        }

        var invalid = TokenRules.Validate(request, calendar.Today, out var resources, out var expiryDate);
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
        await Task.WhenAll(state.State.TokenIds.Select(id => GrainFactory.GetGrain<IAccessTokenGrain>(id).SetUserStatusAsync(status)));
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

    private UserStatus Status() => Exists ? new UserStatus(true, state.State.Active, state.State.Profile) : UserStatus.Missing;

    private UserView View() => new(
        state.State.Login, state.State.Name, state.State.Profile, state.State.Active, state.State.CreatedAt,
        state.State.TokenIds.Count, state.State.PasswordHash is not null);

    private static readonly Lazy<string> UnusableHash =
        new(() => new PasswordHasher<string>().HashPassword(string.Empty, Guid.NewGuid().ToString()));
}
