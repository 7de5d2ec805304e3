namespace AccessTokens.Profiles;

/// <summary>The stored profiles.</summary>
[GenerateSerializer, Alias("AccessTokens.ProfileCatalogState")]
public sealed class ProfileCatalogState
{
    /// <summary>Every profile.</summary>
    [Id(0)]
    public List<ProfileRecord> Profiles { get; set; } = [];

    /// <summary>The last version handed out.</summary>
    [Id(1)]
    public long Version { get; set; }

    /// <summary>Profiles whose last change is stored but not yet pushed to every member; retried until done.</summary>
    [Id(2)]
    public List<string> PendingPushes { get; set; } = [];

    /// <summary>True once the resources of tokens issued before profiles were data have been granted to <c>User</c>.</summary>
    [Id(3)]
    public bool Adopted { get; set; }
}
