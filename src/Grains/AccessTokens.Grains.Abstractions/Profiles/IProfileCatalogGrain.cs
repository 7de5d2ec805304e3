using AccessTokens.Definitions;
using Orleans.Concurrency;

namespace AccessTokens.Profiles;

/// <summary>
/// Every profile (a single grain, key 0: profiles are few and their rules span them, such as "one profile
/// at least is able to administer"). A change is stored, then pushed through each member user to its
/// token grains before the call returns, so the next check of every affected token sees it.
/// </summary>
/// <remarks>
/// Creating is refused when the caller's profile does not hold every right of the new one (its permissions and its
/// access to each resource): nobody defines rights they lack. Changing and deleting are refused likewise when the
/// caller lacks a right of the profile, as it is or as it would become; a change is pushed to every token of its
/// users; only a profile no user has is deleted.
/// </remarks>
public interface IProfileCatalogGrain : IDefinitionCatalogGrain<ProfileDefinition, ProfileView>
{
    /// <summary>
    /// What a profile allows, or null when it does not exist. Interleaves: user grains ask while this grain
    /// may be pushing to them.
    /// </summary>
    [AlwaysInterleave]
    Task<ProfileGrants?> GetGrantsAsync(string name);

    /// <summary>
    /// Upgrade of a store from before profiles were data: grants <c>User</c> read and write on
    /// <paramref name="resources"/> (those its users' tokens already named) so no existing token stops working. Runs once.
    /// </summary>
    Task AdoptAsync(IReadOnlyList<string> resources);

    /// <summary>Names of the profiles that name <paramref name="resource"/> explicitly.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<string>> NamingAsync(string resource);
}
