namespace AccessTokens.Profiles;

/// <summary>The stored profiles.</summary>
public sealed class ProfileCatalogState
{
    /// <summary>Every profile.</summary>
    public List<ProfileRecord> Profiles { get; set; } = [];

    /// <summary>The last version handed out.</summary>
    public long Version { get; set; }

    /// <summary>Profiles whose last change is stored but not yet pushed to every member; retried until done.</summary>
    public List<string> PendingPushes { get; set; } = [];

    /// <summary>True once the resources of tokens issued before profiles were data have been granted to <c>User</c>.</summary>
    public bool Adopted { get; set; }
}
