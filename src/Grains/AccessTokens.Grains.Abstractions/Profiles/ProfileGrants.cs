namespace AccessTokens.Profiles;

/// <summary>
/// What a profile allows, as user and token grains hold it for checks. <see cref="Version"/> grows with every
/// change, so a push that arrives late never replaces a newer one.
/// </summary>
[GenerateSerializer, Immutable, Alias("AccessTokens.ProfileGrants")]
public sealed record ProfileGrants(
    [property: Id(0)] string Profile,
    [property: Id(1)] long Version,
    [property: Id(2)] bool AllResources,
    [property: Id(3)] IReadOnlyList<ResourceGrant> Resources,
    [property: Id(4)] Permissions Permissions)
{
    /// <summary>The grants of a profile that does not exist: nothing.</summary>
    public static readonly ProfileGrants None = new(string.Empty, 0, false, [], Permissions.None);

    /// <summary>The access this profile gives to <paramref name="resource"/>.</summary>
    public ResourceAccess AccessTo(string resource)
    {
        if (AllResources)
        {
            return ResourceAccess.ReadWrite;
        }

        foreach (var grant in Resources)
        {
            if (string.Equals(grant.Resource, resource, StringComparison.Ordinal))
            {
                return grant.Access;
            }
        }

        return ResourceAccess.None;
    }

    /// <summary>
    /// True when this profile holds every right of <paramref name="other"/>: each of its permissions, and at least its
    /// access to each resource it names (every resource, when it opens them all). Whoever holds this profile may hand
    /// <paramref name="other"/> to someone without giving a right they lack themselves.
    /// </summary>
    public bool Covers(ProfileGrants other)
    {
        if ((other.Permissions & ~Permissions) != Permissions.None)
        {
            return false;
        }

        if (AllResources)
        {
            return true;
        }

        return !other.AllResources && other.Resources.All(grant => (AccessTo(grant.Resource) & grant.Access) == grant.Access);
    }

    /// <summary>True when the profile gives <paramref name="access"/> to <paramref name="resource"/>.</summary>
    public bool Allows(string resource, ResourceAccess access) => (AccessTo(resource) & access) == access && access != ResourceAccess.None;
}
