using AccessTokens.Tokens;

namespace AccessTokens.Api.Authentication;

/// <summary>
/// What an <c>Authorization</c> header held, after parsing and before any grain call. At the OAuth endpoints,
/// <see cref="AlternativePassword"/> is the password as a client that form-urlencoded it (RFC 6749 §2.3.1) meant it,
/// when that differs from the password as sent.
/// </summary>
public readonly record struct PresentedCredential(
    CredentialKind Kind,
    string? TokenId = null,
    byte[]? SecretHash = null,
    string? Login = null,
    string? Password = null,
    string? Problem = null,
    string? AlternativePassword = null,
    ILocalToken? LocalToken = null)
{
    /// <summary>Never prints the password or the secret hash.</summary>
    public override string ToString() => $"{Kind} {TokenId ?? Login}";
}
