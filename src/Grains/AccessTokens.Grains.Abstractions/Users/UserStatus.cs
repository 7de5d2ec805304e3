using AccessTokens.Profiles;

namespace AccessTokens.Users;

/// <summary>The part of a user that every one of its tokens needs at check time: active flag and what its profile allows.</summary>
[GenerateSerializer, Immutable, Alias("AccessTokens.UserStatus")]
public sealed record UserStatus(
    [property: Id(0)] bool Exists,
    [property: Id(1)] bool Active,
    [property: Id(2)] string Profile,
    [property: Id(3)] ProfileGrants? Grants = null)
{
    /// <summary>The status of a login that does not exist: never active.</summary>
    public static readonly UserStatus Missing = new(false, false, string.Empty, ProfileGrants.None);

    /// <summary>What the user's profile allows (nothing when unknown).</summary>
    public ProfileGrants Allowed => Grants ?? ProfileGrants.None;
}
