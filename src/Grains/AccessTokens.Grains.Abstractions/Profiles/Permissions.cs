namespace AccessTokens.Profiles;

/// <summary>What a profile's users may do besides reaching resources.</summary>
[Flags]
public enum Permissions
{
    /// <summary>Nothing but the profile's resources.</summary>
    None = 0,

    /// <summary><c>tokens.admin</c>: issue, list and revoke access tokens.</summary>
    TokensAdmin = 1,

    /// <summary><c>users.admin</c>: manage users, profiles, resources, and read the audit trail.</summary>
    UsersAdmin = 2,

    /// <summary><c>introspect</c>: call the RFC 7662 introspection endpoint.</summary>
    Introspect = 4,

    /// <summary>Every permission.</summary>
    All = TokensAdmin | UsersAdmin | Introspect,

    /// <summary>What a profile needs to be "able to administer": at least one such profile always exists.</summary>
    Administer = TokensAdmin | UsersAdmin,
}
