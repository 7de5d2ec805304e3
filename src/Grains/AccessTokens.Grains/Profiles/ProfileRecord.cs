using AccessTokens.Definitions;

namespace AccessTokens.Profiles;

/// <summary>The stored record of one profile.</summary>
[GenerateSerializer, Alias("AccessTokens.ProfileRecord")]
public sealed record ProfileRecord : IDefinitionRecord<ProfileView>
{
    /// <summary>The profile's name.</summary>
    [Id(0)]
    public string Name { get; init; } = string.Empty;

    /// <summary>What the profile is for.</summary>
    [Id(1)]
    public string Description { get; init; } = string.Empty;

    /// <summary>True when the profile opens every resource, catalogued now or later.</summary>
    [Id(2)]
    public bool AllResources { get; init; }

    /// <summary>The resources the profile opens, and with which methods.</summary>
    [Id(3)]
    public List<ResourceGrant> Resources { get; init; } = [];

    /// <summary>What its users may administer.</summary>
    [Id(4)]
    public Permissions Permissions { get; init; }

    /// <summary>True for <c>Administrator</c> and <c>User</c>.</summary>
    [Id(5)]
    public bool BuiltIn { get; init; }

    /// <summary>When the profile was created.</summary>
    [Id(6)]
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Grows with every change; user and token grains keep the highest they have seen.</summary>
    [Id(7)]
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
