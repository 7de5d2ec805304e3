using AccessTokens.Common;
using Orleans.Concurrency;

namespace AccessTokens.Profiles;

/// <summary>
/// Every profile (a single grain, key 0: profiles are few and their rules span them, such as "one profile
/// at least is able to administer"). A change is stored, then pushed through each member user to its
/// token grains before the call returns, so the next check of every affected token sees it.
/// </summary>
public interface IProfileCatalogGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Creates a profile; a conflict when the name is taken. Refused when <paramref name="caller"/>'s profile does not hold
    /// every right of the new one (its permissions and its access to each resource): nobody defines rights they lack.
    /// </summary>
    Task<ProfileResult> CreateAsync(string name, ProfileDefinition definition, Caller caller);

    /// <summary>
    /// Changes a profile and pushes the change to every token of its users. Refused when <paramref name="caller"/>'s
    /// profile does not hold every right of the profile, as it is and as it would become.
    /// </summary>
    Task<ProfileResult> UpdateAsync(string name, ProfileDefinition changes, Caller caller);

    /// <summary>Deletes a profile no user has; null on success. Refused like a change when the caller lacks a right of it.</summary>
    Task<Failure?> DeleteAsync(string name, Caller caller);

    /// <summary>Every profile, by name.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<ProfileView>> ListAsync();

    /// <summary>One profile, or null.</summary>
    [AlwaysInterleave]
    Task<ProfileView?> GetAsync(string name);

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
