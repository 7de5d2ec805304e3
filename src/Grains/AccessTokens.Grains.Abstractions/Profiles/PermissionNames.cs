namespace AccessTokens.Profiles;

/// <summary>The names of <see cref="Permissions"/> in the HTTP contract.</summary>
public static class PermissionNames
{
    /// <summary>Issue, list and revoke access tokens.</summary>
    public const string TokensAdmin = "tokens.admin";

    /// <summary>Manage users, profiles and resources; read the audit trail.</summary>
    public const string UsersAdmin = "users.admin";

    /// <summary>Introspect tokens (RFC 7662).</summary>
    public const string Introspect = "introspect";

    private static readonly (string Name, Permissions Value)[] Names =
        [(TokensAdmin, Permissions.TokensAdmin), (UsersAdmin, Permissions.UsersAdmin), (Introspect, Permissions.Introspect)];

    /// <summary>Every permission name, in contract order.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Names.Select(n => n.Name)];

    /// <summary>The permission a name stands for.</summary>
    public static bool TryParse(string? name, out Permissions permission)
    {
        foreach (var (known, value) in Names)
        {
            if (string.Equals(known, name, StringComparison.Ordinal))
            {
                permission = value;
                return true;
            }
        }

        permission = Permissions.None;
        return false;
    }

    /// <summary>The names of every permission in <paramref name="permissions"/>.</summary>
    public static IReadOnlyList<string> Of(Permissions permissions) =>
        [.. Names.Where(n => (permissions & n.Value) == n.Value).Select(n => n.Name)];
}
