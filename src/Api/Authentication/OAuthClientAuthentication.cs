namespace AccessTokens.Api.Authentication;

/// <summary>
/// Endpoint metadata: an OAuth endpoint, whose clients form-urlencode the login and password of their Basic
/// credentials before base64 (RFC 6749 §2.3.1). Both the encoded and the plain form are accepted there.
/// </summary>
public sealed class OAuthClientAuthentication
{
    /// <summary>The shared instance.</summary>
    public static readonly OAuthClientAuthentication Instance = new();
}
