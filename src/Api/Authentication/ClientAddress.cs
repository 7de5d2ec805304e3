namespace AccessTokens.Api.Authentication;

/// <summary>The address a request came from, as throttling and the audit trail record it.</summary>
public static class ClientAddress
{
    /// <summary>The remote address (behind a proxy: the proxy's, unless forwarded headers are configured).</summary>
    public static string Of(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>The connection's remote address as a token's allowed addresses are matched against it, or null.</summary>
    public static System.Net.IPAddress? Connection(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } remote ? AccessTokens.Tokens.AddressRules.Normalize(remote) : null;
}
