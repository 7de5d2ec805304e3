using AccessTokens.Profiles;

namespace AccessTokens.Common;

/// <summary>
/// Who asks for an administrative change: the login whose rights apply, its profile and permissions as its
/// credentials were verified, and, when the credentials were a bearer token, that token's id and the login that
/// issued it, so a change made with a token issued by someone else can never pass for its holder's alone.
/// </summary>
[GenerateSerializer, Immutable, Alias("AccessTokens.Caller")]
public sealed record Caller(
    [property: Id(0)] string Login,
    [property: Id(1)] string Profile,
    [property: Id(2)] Permissions Permissions,
    [property: Id(3)] string? TokenId = null,
    [property: Id(4)] string? TokenCreatedBy = null)
{
    /// <summary>The service itself, at start-up (the first administrator of an empty store): the built-in administrator's rights.</summary>
    public static readonly Caller Service = new("service", BuiltInProfiles.Administrator, Permissions.All);
}
