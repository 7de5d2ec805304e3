using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace AccessTokens.Tests.Infrastructure;

/// <summary>Free loopback TCP ports for test hosts.</summary>
public static class FreePort
{
    // The system may hand out a port again as soon as its probe listener closes; a host asking for its
    // silo and gateway ports in a row could then get the same one twice.
    private static readonly ConcurrentDictionary<int, bool> Given = new();

    /// <summary>A port nothing listens on right now, never given before in this test run.</summary>
    public static int Next()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (Given.TryAdd(port, true))
            {
                return port;
            }
        }
    }
}
