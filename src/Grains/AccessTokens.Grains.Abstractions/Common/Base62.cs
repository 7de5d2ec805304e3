using System.Security.Cryptography;

namespace AccessTokens.Common;

/// <summary>Base62 (<c>0-9 A-Z a-z</c>) helpers for token identifiers, secrets and checksums.</summary>
public static class Base62
{
    /// <summary>The 62 characters, in value order.</summary>
    public const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>Random characters from a cryptographic source, uniformly distributed.</summary>
    public static string Random(int length) => RandomNumberGenerator.GetString(Alphabet, length);

    /// <summary>True when every character is in the alphabet.</summary>
    public static bool IsBase62(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Writes <paramref name="value"/> in exactly <paramref name="destination"/>.Length digits, left-padded with '0'.</summary>
    public static void Encode(ulong value, Span<char> destination)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = Alphabet[(int)(value % 62)];
            value /= 62;
        }
    }
}
