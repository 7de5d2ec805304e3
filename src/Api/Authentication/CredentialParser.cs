using System.Buffers;
using System.Buffers.Text;
using System.Text;
using AccessTokens.Tokens;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace AccessTokens.Api.Authentication;

/// <summary>Parses <c>Authorization</c> headers: Bearer access tokens and Basic login/password.</summary>
public sealed class CredentialParser(IOptions<AccessTokensOptions> options, TokenIdAuthority ids)
{
    /// <summary>Longest <c>Authorization</c> header read; longer ones are malformed, not a server error.</summary>
    public const int MaxHeaderLength = 4096;

    private readonly string prefix = options.Value.TokenPrefix;

    /// <summary>Parses the header values of one request.</summary>
    public PresentedCredential Parse(StringValues headers)
    {
        if (headers.Count == 0)
        {
            return new PresentedCredential(CredentialKind.None);
        }

        if (headers.Count > 1)
        {
            return Malformed("Send exactly one Authorization header.");
        }

        var header = headers[0].AsSpan().Trim();
        if (header.Length > MaxHeaderLength)
        {
            return Malformed($"The Authorization header is longer than {MaxHeaderLength} characters.");
        }

        var space = header.IndexOf(' ');
        var scheme = space < 0 ? header : header[..space];
        var parameter = space < 0 ? [] : header[(space + 1)..].Trim();
        if (scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            if (parameter.IsEmpty)
            {
                return Malformed("The Bearer scheme needs a token: 'Authorization: Bearer <token>'.");
            }

            // A value this service did not issue is refused here: a made-up id, however well formed, reaches no grain.
            return TokenValue.TryParse(parameter, prefix, out var tokenId, out var secretHash) && ids.MayBeIssued(tokenId)
                ? new PresentedCredential(CredentialKind.Bearer, TokenId: tokenId, SecretHash: secretHash)
                : new PresentedCredential(CredentialKind.InvalidToken);
        }

        if (scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            return ParseBasic(parameter);
        }

        return Malformed("Only the Bearer (recommended) and Basic authorization schemes are supported.");
    }

    private static PresentedCredential ParseBasic(ReadOnlySpan<char> encoded)
    {
        var bytes = ArrayPool<byte>.Shared.Rent(Base64.GetMaxDecodedFromUtf8Length(encoded.Length) + 3);
        try
        {
            if (encoded.IsEmpty || !Convert.TryFromBase64Chars(encoded, bytes, out var length))
            {
                return Malformed("The Basic credentials must be base64(login:password).");
            }

            string decoded;
            try
            {
                decoded = new UTF8Encoding(false, true).GetString(bytes, 0, length);
            }
            catch (DecoderFallbackException)
            {
                return Malformed("The Basic credentials must be UTF-8 text.");
            }

            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return Malformed("The Basic credentials must be base64(login:password).");
            }

            return new PresentedCredential(CredentialKind.Basic, Login: decoded[..colon], Password: decoded[(colon + 1)..]);
        }
        finally
        {
            Array.Clear(bytes);
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private static PresentedCredential Malformed(string problem) => new(CredentialKind.Malformed, Problem: problem);
}
