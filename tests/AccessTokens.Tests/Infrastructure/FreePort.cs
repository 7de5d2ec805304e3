using System.Net;
using System.Net.Sockets;

namespace AccessTokens.Tests.Infrastructure;

/// <summary>Free loopback TCP ports for test hosts.</summary>
public static class FreePort
{
    /// <summary>A port nothing listens on right now.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
