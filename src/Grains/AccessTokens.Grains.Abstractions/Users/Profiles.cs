namespace AccessTokens.Users;

/// <summary>The built-in profiles.</summary>
public static class Profiles
{
    /// <summary>May administer access tokens and users.</summary>
    public const string Administrator = "Administrator";

    /// <summary>A plain API consumer.</summary>
    public const string User = "User";

    /// <summary>Every profile a user can be given.</summary>
    public static readonly IReadOnlyList<string> All = [Administrator, User];

    /// <summary>True when the profile may administer access tokens.</summary>
    public static bool MayAdministerTokens(string? profile) => profile == Administrator;
}
