namespace AccessTokens.Profiles;

/// <summary>The stored record of one profile.</summary>
public sealed record ProfileRecord
{
    /// <summary>The profile's name.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>What the profile is for.</summary>
    public string Description { get; init; } = string.Empty;

    /// <summary>True when the profile opens every resource, catalogued now or later.</summary>
    public bool AllResources { get; init; }

    /// <summary>The resources the profile opens, and with which methods.</summary>
    public List<ResourceGrant> Resources { get; init; } = [];

    /// <summary>What its users may administer.</summary>
    public Permissions Permissions { get; init; }

    /// <summary>True for <c>Administrator</c> and <c>User</c>.</summary>
    public bool BuiltIn { get; init; }

    /// <summary>When the profile was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Grows with every change; user and token grains keep the highest they have seen.</summary>
    public long Version { get; init; }

    /// <summary>What user and token grains hold of this profile.</summary>
    public ProfileGrants Grants() => new(Name, Version, AllResources, Resources, Permissions);

    /// <summary>True when the profile's users can administer everything, bearer tokens included.</summary>
    public bool CanAdminister() =>
        (Permissions & Permissions.Administer) == Permissions.Administer
        && Grants().Allows(AccessTokens.Resources.BuiltInResources.Admin, ResourceAccess.ReadWrite);

    /// <summary>The record as administrators see it.</summary>
    public ProfileView View() =>
        new(Name, Description, AllResources, [.. Resources], PermissionNames.Of(Permissions), BuiltIn, CreatedAt);
}
