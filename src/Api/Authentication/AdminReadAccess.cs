namespace AccessTokens.Api.Authentication;

/// <summary>
/// Endpoint metadata: the endpoint only reads, whatever its method (RFC 7662 introspection is a POST), so a
/// bearer token needs read access to <c>admin</c>, not write.
/// </summary>
public sealed class AdminReadAccess
{
    /// <summary>The shared instance.</summary>
    public static readonly AdminReadAccess Instance = new();
}
