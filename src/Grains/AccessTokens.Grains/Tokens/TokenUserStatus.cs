using AccessTokens.Profiles;
using AccessTokens.Users;

namespace AccessTokens.Tokens;

/// <summary>
/// What a token's user lets the token do, as the token keeps it with its own record: whether the user is active, its
/// profile and permissions, and for each of the token's resources (bit i for resource i) whether the profile lets it
/// read and write. Stored with every write of the record and whenever a push from the user changes it, so an activation
/// starts from it without asking the user's grain, which may be on a silo that is stopping.
/// </summary>
[GenerateSerializer, Immutable, Alias("AccessTokens.TokenUserStatus")]
public sealed record TokenUserStatus(
    [property: Id(0)] bool Active,
    [property: Id(1)] string Profile,
    [property: Id(2)] Permissions Permissions,
    [property: Id(3)] uint Readable,
    [property: Id(4)] uint Writable)
{
    /// <summary>What <paramref name="user"/> lets a token with <paramref name="resources"/> do.</summary>
    public static TokenUserStatus Of(UserStatus user, string[] resources)
    {
        var grants = user.Allowed;
        uint readable = 0, writable = 0;
        for (var i = 0; i < resources.Length && i < 32; i++)
        {
            var access = grants.AccessTo(resources[i]);
            readable |= (access & ResourceAccess.Read) != 0 ? 1u << i : 0;
            writable |= (access & ResourceAccess.Write) != 0 ? 1u << i : 0;
        }

        return new TokenUserStatus(user.Active, string.Intern(user.Profile), grants.Permissions, readable, writable);
    }
}
