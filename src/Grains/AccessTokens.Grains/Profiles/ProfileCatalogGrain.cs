using AccessTokens.Common;
using AccessTokens.Definitions;
using AccessTokens.Resources;
using AccessTokens.Time;
using AccessTokens.Users;
using Microsoft.Extensions.Logging;

namespace AccessTokens.Profiles;

/// <summary>
/// Every profile. A change is stored with a new version and marked pending, then pushed to each member user
/// (who pushes to its tokens), then unmarked. A push that fails is retried by a timer and on the next
/// activation, so a stored change always reaches every token.
/// </summary>
public sealed class ProfileCatalogGrain(
    [PersistentState("profiles", StorageNames.Store)] IPersistentState<ProfileCatalogState> state,
    ServiceCalendar calendar,
    Announcements.ChangeAnnouncer announcer,
    ILogger<ProfileCatalogGrain> logger) : Grain, IProfileCatalogGrain
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(5);

    // Users pushed to at once (each pushes to its tokens in batches of its own).
    private const int UserPushBatch = 4;

    private NamedRecords<ProfileRecord, ProfileView> profiles = new("profile", []);
    private IGrainTimer? retryTimer;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!state.RecordExists)
        {
            var now = calendar.Now;
            state.State = new ProfileCatalogState
            {
                Version = 2,
                Profiles =
                [
                    new ProfileRecord
                    {
                        Name = BuiltInProfiles.Administrator, Description = "Administers tokens, users, profiles and resources; opens every resource.",
                        AllResources = true, Permissions = Permissions.All, BuiltIn = true, CreatedAt = now, Version = 1,
                    },
                    new ProfileRecord
                    {
                        Name = BuiltInProfiles.User, Description = "API consumers: the resources administrators give this profile.",
                        BuiltIn = true, CreatedAt = now, Version = 2,
                    },
                ],
            };
            await state.WriteStateAsync(cancellationToken);
        }

        profiles = new NamedRecords<ProfileRecord, ProfileView>("profile", state.State.Profiles);
        if (state.State.PendingPushes.Count > 0)
        {
            ScheduleRetry();
        }
    }

    public async Task<DefinitionResult<ProfileView>> CreateAsync(string name, ProfileDefinition definition, Caller caller)
    {
        var errors = new FieldErrors();
        if (!ProfileRules.IsValidName(name))
        {
            errors.Add("name", ProfileRules.NameMessage);
        }

        var record = await ValidateAsync(new ProfileRecord { Name = name, CreatedAt = calendar.Now }, definition, errors);
        if (errors.ToFailure() is { } invalid)
        {
            return DefinitionResult.Refused<ProfileView>(invalid);
        }

        if (Beyond(caller, name, record) is { } refused)
        {
            return DefinitionResult.Refused<ProfileView>(refused);
        }

        if (profiles.All.FirstOrDefault(existing => string.Equals(existing.Name, name, StringComparison.OrdinalIgnoreCase))?.Name is { } taken)
        {
            return DefinitionResult.Refused<ProfileView>(new Failure(FailureKind.Conflict, $"The profile '{taken}' already exists."));
        }

        record = record with { Version = NextVersion() };
        await SaveAsync(Changed(record), pending: null);
        Log.ProfileChanged(logger, name, "created", record.Version);
        return DefinitionResult.Made(record.View());
    }

    public async Task<DefinitionResult<ProfileView>> UpdateAsync(string name, ProfileDefinition changes, Caller caller)
    {
        if (!profiles.TryGet(name, out var before))
        {
            return DefinitionResult.Refused<ProfileView>(profiles.NotFound(name));
        }

        var errors = new FieldErrors();
        var record = await ValidateAsync(before, changes, errors);
        if (errors.ToFailure() is { } invalid)
        {
            return DefinitionResult.Refused<ProfileView>(invalid);
        }

        if ((Beyond(caller, name, before) ?? Beyond(caller, name, record)) is { } refused)
        {
            return DefinitionResult.Refused<ProfileView>(refused);
        }

        if (before.CanAdminister() && !record.CanAdminister() && !profiles.All.Any(p => p.Name != name && p.CanAdminister()))
        {
            return DefinitionResult.Refused<ProfileView>(new Failure(FailureKind.Conflict,
                $"'{name}' is the last profile able to administer (permissions tokens.admin and users.admin, and read and write on 'admin'); give another profile these rights first."));
        }

        record = record with { Version = NextVersion() };
        await SaveAsync(Changed(record), pending: name);
        Log.ProfileChanged(logger, name, "updated", record.Version);
        await PushAsync(name);
        return DefinitionResult.Made(record.View());
    }

    public async Task<Failure?> DeleteAsync(string name, Caller caller)
    {
        if (!profiles.TryGet(name, out var record))
        {
            return profiles.NotFound(name);
        }

        if (Beyond(caller, name, record) is { } refused)
        {
            return refused;
        }

        if (name == BuiltInProfiles.User)
        {
            return new Failure(FailureKind.Conflict, "'User' is built in: it is the profile of users created without one.");
        }

        if (record.CanAdminister() && !profiles.All.Any(p => p.Name != name && p.CanAdminister()))
        {
            return new Failure(FailureKind.Conflict, $"'{name}' is the last profile able to administer; it cannot be deleted.");
        }

        var members = await GrainFactory.GetGrain<IUserDirectoryGrain>(0).MembersAsync(name);
        if (members.Count > 0)
        {
            return new Failure(FailureKind.Conflict, $"{members.Count} user(s) have the profile '{name}'; give them another profile first.");
        }

        await SaveAsync(profiles.Without(name), pending: null);
        Log.ProfileChanged(logger, name, "deleted", state.State.Version);
        return null;
    }

    public Task<IReadOnlyList<ProfileView>> ListAsync() => Task.FromResult(profiles.Views());

    public Task<ProfileView?> GetAsync(string name) => Task.FromResult(profiles.Find(name)?.View());

    public Task<ProfileGrants?> GetGrantsAsync(string name) => Task.FromResult(profiles.Find(name)?.Grants());

    public Task<IReadOnlyList<string>> NamingAsync(string resource) =>
        Task.FromResult<IReadOnlyList<string>>([.. profiles.All
            .Where(p => p.Resources.Any(g => g.Resource == resource))
            .Select(p => p.Name)
            .Order(StringComparer.Ordinal)]);

    public async Task AdoptAsync(IReadOnlyList<string> resources)
    {
        if (state.State.Adopted)
        {
            return;
        }

        var user = profiles.Find(BuiltInProfiles.User)!;
        var added = resources
            .Where(r => r != BuiltInResources.Admin && user.Resources.All(g => g.Resource != r))
            .Select(r => new ResourceGrant(r, ResourceAccess.ReadWrite))
            .ToList();
        var changed = Changed(user with { Resources = [.. user.Resources, .. added], Version = NextVersion() });
        state.State.Adopted = true;
        await SaveAsync(changed, pending: added.Count > 0 ? user.Name : null);
        Log.Adopted(logger, added.Count);
        if (added.Count > 0)
        {
            await PushAsync(user.Name);
        }
    }

    private async Task<ProfileRecord> ValidateAsync(ProfileRecord current, ProfileDefinition definition, FieldErrors errors)
    {
        var description = definition.Description ?? current.Description;
        NameRule.CheckDescription(description, ProfileRules.MaxDescriptionLength, errors);

        var grants = current.Resources;
        if (definition.Resources is { } requested)
        {
            grants = [];
            if (requested.Count > ProfileRules.MaxResources)
            {
                errors.Add("resources", $"A profile names at most {ProfileRules.MaxResources} resources.");
            }

            foreach (var grant in requested.Take(ProfileRules.MaxResources))
            {
                if (grant is null || !Tokens.TokenRules.IsValidResource(grant.Resource))
                {
                    errors.Add("resources", $"'{grant?.Resource}' is not a valid resource name. {Tokens.TokenRules.ResourceMessage}");
                }
                else if (grant.Access is not (ResourceAccess.Read or ResourceAccess.Write or ResourceAccess.ReadWrite))
                {
                    errors.Add("resources", $"The access to '{grant.Resource}' must be read, write or readwrite.");
                }
                else if (grants.Any(g => g.Resource == grant.Resource))
                {
                    errors.Add("resources", $"'{grant.Resource}' is listed more than once.");
                }
                else
                {
                    grants.Add(grant);
                }
            }

            var missing = await GrainFactory.GetGrain<IResourceCatalogGrain>(0).MissingAsync([.. grants.Select(g => g.Resource)]);
            foreach (var resource in missing)
            {
                errors.Add("resources", $"'{resource}' is not in the resource catalogue; add it under /api/v1/resources first.");
            }
        }

        var permissions = current.Permissions;
        if (definition.Permissions is { } names)
        {
            permissions = Permissions.None;
            foreach (var permissionName in names)
            {
                if (PermissionNames.TryParse(permissionName, out var permission))
                {
                    permissions |= permission;
                }
                else
                {
                    errors.Add("permissions", $"'{permissionName}' is not a permission; use {string.Join(", ", PermissionNames.All)}.");
                }
            }
        }

        return current with
        {
            Description = description,
            AllResources = definition.AllResources ?? current.AllResources,
            Resources = grants,
            Permissions = permissions,
        };
    }

    // Whoever defines, changes or deletes a profile holds every right it gives: otherwise a user administrator could
    // widen their own profile, or define one to assign, beyond what they hold.
    private Failure? Beyond(Caller caller, string name, ProfileRecord profile)
    {
        var held = profiles.Find(caller.Profile)?.Grants() ?? ProfileGrants.None;
        return held.Covers(profile.Grants())
            ? null
            : new Failure(FailureKind.Forbidden,
                $"The profile '{caller.Profile}' of '{caller.Login}' does not hold every right of the profile '{name}' as it is or would become (its permissions, and its access to each resource); only a holder of all of them may define or change it.");
    }

    private long NextVersion() => state.State.Version + 1;

    private NamedRecords<ProfileRecord, ProfileView> Changed(ProfileRecord record) => profiles.With(record);

    // Memory changes only once the store has the change: interleaved reads never see a profile that could
    // still be lost.
    private async Task SaveAsync(NamedRecords<ProfileRecord, ProfileView> next, string? pending)
    {
        var before = state.State;
        await state.ReplaceSettledAsync(new ProfileCatalogState
        {
            Profiles = [.. next.All],
            Version = Math.Max(before.Version, next.All.Select(p => p.Version).DefaultIfEmpty().Max()),
            PendingPushes = pending is null || before.PendingPushes.Contains(pending) ? [.. before.PendingPushes] : [.. before.PendingPushes, pending],
            Adopted = before.Adopted,
        }, this);
        profiles = next;
    }

    private async Task PushAsync(string name)
    {
        try
        {
            var grants = profiles.Find(name)!.Grants();
            var members = await GrainFactory.GetGrain<IUserDirectoryGrain>(0).MembersAsync(name);
            await Fanout.ForEachAsync(members, UserPushBatch, login => GrainFactory.GetGrain<IUserGrain>(login).ApplyProfileAsync(grants));

            // Then to every silo, for any second copy of a member's token that missed its push.
            await announcer.AnnounceAsync($"grants of profile {name}", silo => silo.ProfileChangedAsync(grants));
            Log.Pushed(logger, name, members.Count);
        }
        catch (Exception exception)
        {
            Log.PushFailed(logger, exception, name);
            ScheduleRetry();
            throw;
        }

        state.State.PendingPushes.Remove(name);
        await state.WriteSettledAsync(this);
    }

    private void ScheduleRetry()
    {
        retryTimer ??= this.RegisterGrainTimer(
            RetryPendingAsync,
            new GrainTimerCreationOptions { DueTime = RetryInterval, Period = RetryInterval, Interleave = false, KeepAlive = true });
    }

    private async Task RetryPendingAsync(CancellationToken cancellationToken)
    {
        foreach (var name in state.State.PendingPushes.ToList())
        {
            if (!profiles.Contains(name))
            {
                state.State.PendingPushes.Remove(name);
                continue;
            }

            try
            {
                await PushAsync(name);
            }
            catch (Exception)
            {
                return;
            }
        }

        retryTimer?.Dispose();
        retryTimer = null;
    }
}
