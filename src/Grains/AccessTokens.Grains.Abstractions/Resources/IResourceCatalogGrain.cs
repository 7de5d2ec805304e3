using AccessTokens.Definitions;
using Orleans.Concurrency;

namespace AccessTokens.Resources;

/// <summary>
/// The catalogue of resources tokens and profiles may name (a single grain, key 0). <c>admin</c> is built in.
/// Reads interleave: they only read memory.
/// </summary>
/// <remarks>
/// Any user administrator may catalogue a resource (a conflict when its name or one of its prefixes is taken). Changing
/// its description or prefixes, or deleting it, is refused unless the caller's profile reads and writes the resource:
/// moving its paths would open them, or close them, to others' tokens. Only a resource no profile and no live token
/// names is deleted.
/// </remarks>
public interface IResourceCatalogGrain : IDefinitionCatalogGrain<ResourceDefinition, ResourceView>
{
    /// <summary>
    /// Upgrade of a store from before resources were catalogued: catalogues every resource existing tokens name,
    /// and has the profile catalog grant them to <c>User</c>, so no existing token stops working. Runs once.
    /// </summary>
    Task AdoptAsync();

    /// <summary>Those of <paramref name="names"/> that are not catalogued.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<string>> MissingAsync(IReadOnlyList<string> names);

    /// <summary>The path prefixes of every resource, for forward authentication.</summary>
    [AlwaysInterleave]
    Task<ResourceMap> GetMapAsync();
}
