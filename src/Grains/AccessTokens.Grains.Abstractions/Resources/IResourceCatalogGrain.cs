using AccessTokens.Common;
using Orleans.Concurrency;

namespace AccessTokens.Resources;

/// <summary>
/// The catalogue of resources tokens and profiles may name (a single grain, key 0). <c>admin</c> is built in.
/// Reads interleave: they only read memory.
/// </summary>
public interface IResourceCatalogGrain : IGrainWithIntegerKey
{
    /// <summary>Adds a resource; a conflict when the name or one of its prefixes is taken.</summary>
    Task<ResourceResult> CreateAsync(string name, ResourceDefinition definition);

    /// <summary>
    /// Changes a resource's description or prefixes. Refused unless <paramref name="caller"/>'s profile reads and writes
    /// the resource: moving its paths would open them, or close them, to others' tokens.
    /// </summary>
    Task<ResourceResult> UpdateAsync(string name, ResourceDefinition changes, Caller caller);

    /// <summary>Removes a resource no profile and no live token names; null on success. Refused like a change.</summary>
    Task<Failure?> DeleteAsync(string name, Caller caller);

    /// <summary>
    /// Upgrade of a store from before resources were catalogued: catalogues every resource existing tokens name,
    /// and has the profile catalog grant them to <c>User</c>, so no existing token stops working. Runs once.
    /// </summary>
    Task AdoptAsync();

    /// <summary>Every resource, by name.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<ResourceView>> ListAsync();

    /// <summary>One resource, or null.</summary>
    [AlwaysInterleave]
    Task<ResourceView?> GetAsync(string name);

    /// <summary>Those of <paramref name="names"/> that are not catalogued.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<string>> MissingAsync(IReadOnlyList<string> names);

    /// <summary>The path prefixes of every resource, for forward authentication.</summary>
    [AlwaysInterleave]
    Task<ResourceMap> GetMapAsync();
}
