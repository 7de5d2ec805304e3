namespace AccessTokens.Profiles;

/// <summary>Maps HTTP methods to the access they need.</summary>
public static class MethodAccess
{
    /// <summary>Longest method name accepted.</summary>
    public const int MaxLength = 20;

    /// <summary>GET and HEAD read; every other method writes.</summary>
    public static ResourceAccess AccessOf(string method) =>
        string.Equals(method, "GET", StringComparison.OrdinalIgnoreCase) || string.Equals(method, "HEAD", StringComparison.OrdinalIgnoreCase)
            ? ResourceAccess.Read
            : ResourceAccess.Write;

    /// <summary>True when <paramref name="method"/> is an HTTP method token (letters only, 1–20).</summary>
    public static bool IsValid(string? method)
    {
        if (string.IsNullOrEmpty(method) || method.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in method)
        {
            if (!char.IsAsciiLetter(c))
            {
                return false;
            }
        }

        return true;
    }
}
