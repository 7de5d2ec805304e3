using AccessTokens.Catalog;
using AccessTokens.Common;
using AccessTokens.Definitions;
using AccessTokens.Profiles;
using AccessTokens.Time;
using AccessTokens.Tokens;
using Microsoft.Extensions.Logging;

namespace AccessTokens.Resources;

/// <summary>
/// The catalogue of resources, with the path prefix map forward authentication reads. Changes are stored
/// before memory changes, so interleaved reads never see what could still be lost.
/// </summary>
public sealed class ResourceCatalogGrain(
    [PersistentState("resources", StorageNames.Store)] IPersistentState<ResourceCatalogState> state,
    ServiceCalendar calendar,
    ILogger<ResourceCatalogGrain> logger) : Grain, IResourceCatalogGrain
{
    /// <summary>Most path prefixes of one resource.</summary>
    public const int MaxPrefixes = 16;

    /// <summary>Longest path prefix.</summary>
    public const int MaxPrefixLength = 256;

    /// <summary>Longest description.</summary>
    public const int MaxDescriptionLength = 500;

    private NamedRecords<ResourceRecord, ResourceView> resources = new("resource", []);
    private ResourceMap map = ResourceMap.Empty;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!state.RecordExists)
        {
            state.State = new ResourceCatalogState
            {
                Resources =
                [
                    new ResourceRecord
                    {
                        Name = BuiltInResources.Admin, Description = "The admin endpoints of this service (/api/v1, except /api/v1/auth).",
                        BuiltIn = true, CreatedAt = calendar.Now,
                    },
                ],
            };
            await state.WriteStateAsync(cancellationToken);
        }

        Use(new NamedRecords<ResourceRecord, ResourceView>("resource", state.State.Resources));
    }

    public async Task<DefinitionResult<ResourceView>> CreateAsync(string name, ResourceDefinition definition, Caller caller)
    {
        var errors = new FieldErrors();
        if (!TokenRules.IsValidResource(name))
        {
            errors.Add("name", TokenRules.ResourceMessage);
        }

        var record = Validate(new ResourceRecord { Name = name, CreatedAt = calendar.Now }, definition, errors);
        if (errors.ToFailure() is { } invalid)
        {
            return DefinitionResult.Refused<ResourceView>(invalid);
        }

        if (resources.Contains(name))
        {
            return DefinitionResult.Refused<ResourceView>(new Failure(FailureKind.Conflict, $"The resource '{name}' already exists."));
        }

        if (PrefixConflict(record) is { } conflict)
        {
            return DefinitionResult.Refused<ResourceView>(conflict);
        }

        await SaveAsync(resources.With(record));
        Log.ResourceChanged(logger, name, "created");
        return DefinitionResult.Made(record.View());
    }

    public async Task<DefinitionResult<ResourceView>> UpdateAsync(string name, ResourceDefinition changes, Caller caller)
    {
        if (!resources.TryGet(name, out var before))
        {
            return DefinitionResult.Refused<ResourceView>(resources.NotFound(name));
        }

        if (await BeyondAsync(caller, name) is { } refused)
        {
            return DefinitionResult.Refused<ResourceView>(refused);
        }

        var errors = new FieldErrors();
        var record = Validate(before, changes, errors);
        if (errors.ToFailure() is { } invalid)
        {
            return DefinitionResult.Refused<ResourceView>(invalid);
        }

        if (PrefixConflict(record) is { } conflict)
        {
            return DefinitionResult.Refused<ResourceView>(conflict);
        }

        await SaveAsync(resources.With(record));
        Log.ResourceChanged(logger, name, "updated");
        return DefinitionResult.Made(record.View());
    }

    public async Task<Failure?> DeleteAsync(string name, Caller caller)
    {
        if (!resources.TryGet(name, out var record))
        {
            return resources.NotFound(name);
        }

        if (await BeyondAsync(caller, name) is { } refused)
        {
            return refused;
        }

        if (record.BuiltIn)
        {
            return new Failure(FailureKind.Conflict, $"'{name}' is built in and cannot be deleted.");
        }

        var profiles = await GrainFactory.GetGrain<IProfileCatalogGrain>(0).NamingAsync(name);
        if (profiles.Count > 0)
        {
            return new Failure(FailureKind.Conflict, $"The profile(s) {string.Join(", ", profiles)} still name '{name}'; remove it from them first.");
        }

        var named = await GrainFactory.GetGrain<ICatalogQueryGrain>(0).ResourcesNamedAsync(liveOnly: true);
        if (named.Contains(name, StringComparer.Ordinal))
        {
            return new Failure(FailureKind.Conflict, $"Live tokens still name '{name}'; revoke them, or wait until they expire.");
        }

        await SaveAsync(resources.Without(name));
        Log.ResourceChanged(logger, name, "deleted");
        return null;
    }

    // A resource's paths decide which requests its tokens pass: only a caller who reads and writes the resource may
    // move them (or drop the resource), so nobody opens to others' tokens, or takes from them, what they do not hold.
    private async Task<Failure?> BeyondAsync(Caller caller, string name)
    {
        var held = await GrainFactory.GetGrain<IProfileCatalogGrain>(0).GetGrantsAsync(caller.Profile) ?? ProfileGrants.None;
        return held.Allows(name, ResourceAccess.ReadWrite)
            ? null
            : new Failure(FailureKind.Forbidden,
                $"The profile '{caller.Profile}' of '{caller.Login}' does not read and write '{name}'; only a profile that does may change or delete it.");
    }

    public async Task AdoptAsync()
    {
        if (state.State.Adopted)
        {
            return;
        }

        // Once per store: every token is read (from the shards, and from the token grains of summaries
        // stored without resources). Each step repeats harmlessly, so a start that fails half-way is
        // completed by the next one; the flag is stored last.
        var named = await GrainFactory.GetGrain<ICatalogQueryGrain>(0).ResourcesNamedAsync(liveOnly: false);
        var next = resources;
        foreach (var name in named.Where(n => !next.Contains(n) && TokenRules.IsValidResource(n)))
        {
            next = next.With(new ResourceRecord { Name = name, Description = "Named by tokens issued before resources were catalogued.", CreatedAt = calendar.Now });
        }

        await SaveAsync(next);
        await GrainFactory.GetGrain<IProfileCatalogGrain>(0).AdoptAsync(named);
        state.State.Adopted = true;
        await state.WriteSettledAsync(this);
        Log.ResourcesAdopted(logger, named.Count);
    }

    public Task<IReadOnlyList<ResourceView>> ListAsync() => Task.FromResult(resources.Views());

    public Task<ResourceView?> GetAsync(string name) => Task.FromResult(resources.Find(name)?.View());

    public Task<IReadOnlyList<string>> MissingAsync(IReadOnlyList<string> names) =>
        Task.FromResult<IReadOnlyList<string>>([.. names.Where(n => !resources.Contains(n))]);

    public Task<ResourceMap> GetMapAsync() => Task.FromResult(map);

    private static ResourceRecord Validate(ResourceRecord current, ResourceDefinition definition, FieldErrors errors)
    {
        var description = definition.Description ?? current.Description;
        NameRule.CheckDescription(description, MaxDescriptionLength, errors);

        var prefixes = current.PathPrefixes;
        if (definition.PathPrefixes is { } requested)
        {
            prefixes = [];
            if (requested.Count > MaxPrefixes)
            {
                errors.Add("pathPrefixes", $"A resource has at most {MaxPrefixes} path prefixes.");
            }

            foreach (var prefix in requested.Take(MaxPrefixes))
            {
                if (prefix is null || prefix.Length > MaxPrefixLength || !ResourcePaths.TryNormalize(prefix, out var segments)
                    || ResourcePaths.Join(segments) != prefix)
                {
                    errors.Add("pathPrefixes",
                        $"'{prefix}' is not a canonical path prefix: start with '/', no '.', '..', empty segments, query or trailing '/', at most {MaxPrefixLength} characters.");
                }
                else if (prefixes.Contains(prefix, StringComparer.Ordinal))
                {
                    errors.Add("pathPrefixes", $"'{prefix}' is listed more than once.");
                }
                else
                {
                    prefixes.Add(prefix);
                }
            }
        }

        return current with { Description = description, PathPrefixes = prefixes };
    }

    private Failure? PrefixConflict(ResourceRecord record)
    {
        foreach (var other in resources.All.Where(r => r.Name != record.Name))
        {
            if (other.PathPrefixes.FirstOrDefault(p => record.PathPrefixes.Contains(p, StringComparer.Ordinal)) is { } shared)
            {
                return new Failure(FailureKind.Conflict, $"The path prefix '{shared}' already belongs to the resource '{other.Name}'.");
            }
        }

        return null;
    }

    private async Task SaveAsync(NamedRecords<ResourceRecord, ResourceView> next)
    {
        await state.ReplaceSettledAsync(new ResourceCatalogState { Resources = [.. next.All], Adopted = state.State.Adopted }, this);
        Use(next);
    }

    private void Use(NamedRecords<ResourceRecord, ResourceView> next)
    {
        resources = next;
        map = new ResourceMap([.. next.All.SelectMany(r => r.PathPrefixes.Select(p =>
        {
            ResourcePaths.TryNormalize(p, out var segments);
            return new ResourcePrefix(r.Name, segments);
        }))]);
    }
}
