using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using AccessTokens.Common;

namespace AccessTokens.Users;

/// <summary>Field rules for users.</summary>
public static partial class UserRules
{
    /// <summary>Longest display name.</summary>
    public const int MaxNameLength = 200;

    /// <summary>Shortest accepted password.</summary>
    public const int MinPasswordLength = 8;

    /// <summary>Longest accepted password.</summary>
    public const int MaxPasswordLength = 256;

    /// <summary>True when <paramref name="login"/> is 1–64 of <c>a-z 0-9 . _ -</c>.</summary>
    public static bool IsValidLogin([NotNullWhen(true)] string? login) => login is not null && LoginPattern().IsMatch(login);

    /// <summary>The message for a login that breaks the rule.</summary>
    public const string LoginMessage = "The login must be 1 to 64 characters of a-z, 0-9, '.', '_' and '-'.";

    /// <summary>Checks a display name.</summary>
    public static void CheckName(string? name, FieldErrors errors) => NameRule.Check(name, MaxNameLength, errors);

    /// <summary>Checks a new password. The message never repeats it.</summary>
    public static void CheckPassword(string password, FieldErrors errors)
    {
        if (password.Length is < MinPasswordLength or > MaxPasswordLength)
        {
            errors.Add("password", $"The password must be {MinPasswordLength} to {MaxPasswordLength} characters.");
        }
    }

    [GeneratedRegex("^[a-z0-9._-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex LoginPattern();
}
