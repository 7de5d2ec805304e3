using System.IO.Hashing;
using System.Security.Cryptography;
using System.Text;
using AccessTokens.Common;

namespace AccessTokens.Tokens;

/// <summary>
/// The token value format: <c>&lt;prefix&gt;_&lt;tokenId&gt;_&lt;secret&gt;&lt;checksum&gt;</c>, where the id is
/// 12 base62 characters signed by the service (see <see cref="TokenIdFormat"/>), the secret 32 base62 characters from a
/// cryptographic source, and the checksum is the CRC32 of
/// everything before it in 6 base62 characters. The checksum lets a gateway refuse a mistyped or
/// forged-looking value without reaching the cluster; it is no protection against guessing, the secret is.
/// </summary>
public static class TokenValue
{
    /// <summary>Length of the public token id.</summary>
    public const int IdLength = 12;

    /// <summary>Length of the secret part.</summary>
    public const int SecretLength = 32;

    /// <summary>Length of the checksum.</summary>
    public const int ChecksumLength = 6;

    /// <summary>Creates a new token for <paramref name="prefix"/> with a random (unsigned) id, as tests and tools make them.</summary>
    public static GeneratedToken Generate(string prefix) => Generate(prefix, Base62.Random(IdLength));

    /// <summary>Creates a new token for <paramref name="prefix"/> with the id <paramref name="id"/> and a random secret.</summary>
    public static GeneratedToken Generate(string prefix, string id)
    {
        var secret = Base62.Random(SecretLength);
        var body = string.Concat(prefix, "_", id, "_", secret);
        Span<char> checksum = stackalloc char[ChecksumLength];
        Base62.Encode(Checksum(body), checksum);
        return new GeneratedToken(id, string.Concat(body, checksum), HashSecret(secret));
    }

    /// <summary>True when <paramref name="tokenId"/> has the shape of a token id.</summary>
    public static bool IsTokenId(ReadOnlySpan<char> tokenId) => tokenId.Length == IdLength && Base62.IsBase62(tokenId);

    /// <summary>
    /// Checks the shape, prefix and checksum of a presented value; on success gives the token id and the
    /// SHA-256 of the secret (the secret itself is not kept).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> value, string prefix, out string tokenId, out byte[] secretHash)
    {
        tokenId = string.Empty;
        secretHash = [];
        var idStart = prefix.Length + 1;
        var secretStart = idStart + IdLength + 1;
        var checksumStart = secretStart + SecretLength;
        if (value.Length != checksumStart + ChecksumLength
            || !value[..prefix.Length].SequenceEqual(prefix)
            || value[prefix.Length] != '_'
            || value[secretStart - 1] != '_')
        {
            return false;
        }

        var id = value.Slice(idStart, IdLength);
        var secret = value.Slice(secretStart, SecretLength);
        var checksum = value[checksumStart..];
        if (!Base62.IsBase62(id) || !Base62.IsBase62(secret) || !Base62.IsBase62(checksum))
        {
            return false;
        }

        Span<char> expected = stackalloc char[ChecksumLength];
        Base62.Encode(Checksum(value[..checksumStart]), expected);
        if (!expected.SequenceEqual(checksum))
        {
            return false;
        }

        tokenId = id.ToString();
        secretHash = HashSecret(secret);
        return true;
    }

    /// <summary>SHA-256 of the secret's ASCII bytes: what the token grain stores and compares.</summary>
    public static byte[] HashSecret(ReadOnlySpan<char> secret)
    {
        Span<byte> bytes = stackalloc byte[secret.Length];
        Encoding.ASCII.GetBytes(secret, bytes);
        return SHA256.HashData(bytes);
    }

    private static uint Checksum(ReadOnlySpan<char> body)
    {
        Span<byte> bytes = stackalloc byte[body.Length];
        Encoding.ASCII.GetBytes(body, bytes);
        return Crc32.HashToUInt32(bytes);
    }
}
