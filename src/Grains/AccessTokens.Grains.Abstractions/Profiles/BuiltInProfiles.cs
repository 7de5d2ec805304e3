namespace AccessTokens.Profiles;

/// <summary>The profiles every store has.</summary>
public static class BuiltInProfiles
{
    /// <summary>Every resource and every permission, until administrators change it.</summary>
    public const string Administrator = "Administrator";

    /// <summary>A plain API consumer: no permission, and the resources administrators give it. The default profile of a new user.</summary>
    public const string User = "User";
}
