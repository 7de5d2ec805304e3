using System.Net;
using AccessTokens.Tokens;

namespace AccessTokens.Api.Forwarding;

/// <summary>
/// The end client's address of a forward-auth request: from the proxy (<c>X-Forwarded-For</c>'s last hop, the address
/// the proxy itself saw, or else <c>X-Real-IP</c>) only when the connection comes from a trusted proxy
/// (<see cref="ForwardAuthOptions.TrustedProxies"/>); otherwise the connection's own address, whatever the headers say.
/// </summary>
public static class ForwardedClient
{
    /// <summary>The <c>X-Forwarded-For</c> header.</summary>
    public const string ForwardedFor = "X-Forwarded-For";

    /// <summary>The <c>X-Real-IP</c> header.</summary>
    public const string RealIp = "X-Real-IP";

    /// <summary>
    /// The client's address, or null with <paramref name="problem"/> when a trusted proxy sent a header that does not
    /// read as one address.
    /// </summary>
    public static IPAddress? Of(HttpContext context, IReadOnlyList<IPNetwork> trusted, out string? problem)
    {
        problem = null;
        var connection = context.Connection.RemoteIpAddress is { } remote ? AddressRules.Normalize(remote) : null;
        if (connection is null || !IsTrusted(connection, trusted))
        {
            return connection;
        }

        var headers = context.Request.Headers;
        if (headers[ForwardedFor] is { Count: > 0 } forwarded)
        {
            // Each proxy appends the address it saw: the last one is what the trusted proxy saw, the rest is the client's.
            var hops = string.Join(',', forwarded.ToArray());
            var last = hops[(hops.LastIndexOf(',') + 1)..].Trim();
            if (AddressRules.TryParseAddress(last, out var hop))
            {
                return hop;
            }

            problem = $"The last address of {ForwardedFor} from the trusted proxy does not read as an IPv4 or IPv6 address.";
            return null;
        }

        if (headers[RealIp] is { Count: > 0 } real)
        {
            if (real.Count == 1 && AddressRules.TryParseAddress(real[0].AsSpan().Trim(), out var address))
            {
                return address;
            }

            problem = $"{RealIp} from the trusted proxy is not one IPv4 or IPv6 address.";
            return null;
        }

        return connection;
    }

    private static bool IsTrusted(IPAddress address, IReadOnlyList<IPNetwork> trusted)
    {
        foreach (var network in trusted)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }
}
