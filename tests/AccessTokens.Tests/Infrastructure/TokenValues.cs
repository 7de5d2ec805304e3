namespace AccessTokens.Tests.Infrastructure;

/// <summary>Token values a client could make up from a real one.</summary>
public static class TokenValues
{
    /// <summary>
    /// The same id with another secret, its checksum computed again: well-formed, so only the token's grain can tell
    /// the secret is wrong.
    /// </summary>
    public static string WithOtherSecret(string value)
    {
        var body = value[..^6];
        var other = body[..^1] + (body[^1] == 'a' ? 'b' : 'a');
        var crc = System.IO.Hashing.Crc32.HashToUInt32(System.Text.Encoding.ASCII.GetBytes(other));
        Span<char> checksum = stackalloc char[6];
        AccessTokens.Common.Base62.Encode(crc, checksum);
        return other + new string(checksum);
    }
}
