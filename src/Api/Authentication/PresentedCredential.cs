namespace AccessTokens.Api.Authentication;

/// <summary>What an <c>Authorization</c> header held, after parsing and before any grain call.</summary>
public readonly record struct PresentedCredential(
    CredentialKind Kind,
    string? TokenId = null,
    byte[]? SecretHash = null,
    string? Login = null,
    string? Password = null,
    string? Problem = null)
{
    /// <summary>Never prints the password or the secret hash.</summary>
    public override string ToString() => $"{Kind} {TokenId ?? Login}";
}
