using System.Buffers;
using System.Buffers.Text;
using System.Text;
using AccessTokens.Tokens;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace AccessTokens.Api.Authentication;

/// <summary>Parses <c>Authorization</c> headers: Bearer access tokens and Basic login/password.</summary>
public sealed class CredentialParser(IOptions<AccessTokensOptions> options, TokenIdAuthority ids, ILocalTokenChecks? local = null)
{
    /// <summary>Longest <c>Authorization</c> header read; longer ones are malformed, not a server error.</summary>
    public const int MaxHeaderLength = 4096;

    private readonly string prefix = options.Value.TokenPrefix;

    /// <summary>
    /// Parses the header values of one request. With <paramref name="oauthClient"/> (the OAuth endpoints), Basic
    /// credentials may also be form-urlencoded before base64, as RFC 6749 §2.3.1 has OAuth clients send them.
    /// </summary>
    public PresentedCredential Parse(StringValues headers, bool oauthClient = false)
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

            // A value this service did not issue is refused here: a made-up id, however well formed, reaches no grain. An id
            // whose token is active in this silo was issued (only a stored token's grain answers local checks), so its
            // signature is not computed again on every check of it, and the activation found is the one checked.
            if (!TokenValue.TryParse(parameter, prefix, out var tokenId, out var secretHash))
            {
                return new PresentedCredential(CredentialKind.InvalidToken);
            }

            var here = local?.Find(tokenId);
            return here is not null || ids.MayBeIssued(tokenId)
                ? new PresentedCredential(CredentialKind.Bearer, TokenId: tokenId, SecretHash: secretHash, LocalToken: here)
                : new PresentedCredential(CredentialKind.InvalidToken);
        }

        if (scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            var basic = ParseBasic(parameter);
            return oauthClient && basic.Kind == CredentialKind.Basic ? AsOAuthClient(basic) : basic;
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

    // A login has no character form-urlencoding changes, so an encoded one is decoded. A password may: "a+b" is what a
    // client that does not encode sends for "a+b", and what one that does sends for "a b". Both are tried, as one
    // attempt (see PasswordAttempt.AlternativePassword); decoding is the identity for most passwords, tried once.
    private static PresentedCredential AsOAuthClient(PresentedCredential basic)
    {
        var login = basic.Login!;
        if (login.Contains('%', StringComparison.Ordinal) || login.Contains('+', StringComparison.Ordinal))
        {
            login = FormDecode(login);
        }

        var decoded = FormDecode(basic.Password!);
        return basic with { Login = login, AlternativePassword = decoded == basic.Password ? null : decoded };
    }

    private static string FormDecode(string text) => System.Net.WebUtility.UrlDecode(text);

    private static PresentedCredential Malformed(string problem) => new(CredentialKind.Malformed, Problem: problem);
}
