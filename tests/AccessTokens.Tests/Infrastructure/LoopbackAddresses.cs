using System.Net;
using System.Net.Sockets;

namespace AccessTokens.Tests.Infrastructure;

/// <summary>
/// Clients that connect from other addresses of the loopback network (127.0.0.0/8 is all loopback on Linux), so a
/// test can be many clients at once: an owner at one address, guessers at others.
/// </summary>
public static class LoopbackAddresses
{
    private static int next = 1;

    /// <summary>A loopback address no other test of this run connects from.</summary>
    public static IPAddress Fresh()
    {
        var n = Interlocked.Increment(ref next);
        return new IPAddress([127, 1, (byte)(n / 250), (byte)(1 + (n % 250))]);
    }

    /// <summary>A client of <paramref name="service"/> whose connections come from <paramref name="source"/>.</summary>
    public static HttpClient ClientFrom(Uri service, IPAddress source) =>
        new(OpenApiConformance.Handler(service, Handler(source))) { BaseAddress = service };

    /// <summary>
    /// A client of something in front of the service (a proxy, whose answers are not all the service's) whose
    /// connections come from <paramref name="source"/>.
    /// </summary>
    public static HttpClient PlainClientFrom(Uri address, IPAddress source) => new(Handler(source)) { BaseAddress = address };

    private static SocketsHttpHandler Handler(IPAddress source)
    {
        return new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellation) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellation);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
    }
}
