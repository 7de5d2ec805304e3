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

    /// <summary>True when the profile gives <paramref name="access"/> to <paramref name="resource"/>.</summary>
    public bool Allows(string resource, ResourceAccess access) => (AccessTo(resource) & access) == access && access != ResourceAccess.None;
}
