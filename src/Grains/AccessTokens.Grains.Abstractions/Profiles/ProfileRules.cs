using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace AccessTokens.Profiles;

/// <summary>Field rules for profiles.</summary>
public static partial class ProfileRules
{
    /// <summary>Longest description.</summary>
    public const int MaxDescriptionLength = 500;

    /// <summary>Most resources one profile names.</summary>
    public const int MaxResources = 256;

    /// <summary>The message for a name that breaks the rule.</summary>
    public const string NameMessage = "A profile name is 1 to 64 characters of letters, digits, '.', '_' and '-', starting with a letter.";

    /// <summary>True when <paramref name="name"/> is a well-formed profile name.</summary>
    public static bool IsValidName([NotNullWhen(true)] string? name) => name is not null && NamePattern().IsMatch(name);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
