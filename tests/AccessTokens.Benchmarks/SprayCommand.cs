using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace AccessTokens.Benchmarks;

/// <summary>
/// A spray of wrong passwords from many addresses: <c>Authorization: Basic</c> with a random unknown login and a random
/// password, each request from the next of <c>--addresses</c> loopback addresses (127.1.0.1, 127.1.0.2, …), so the
/// per-address throttle never stops it, <c>--concurrency</c> requests in flight, for <c>--duration</c>. Prints what it
/// sent and the status codes it got.
/// </summary>
public static class SprayCommand
{
    // Logins of this alphabet and length pass the login rule, so each attempt reaches a user grain as a real guess would.
    private const string LoginCharacters = "abcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>Runs the command: <c>--url</c> (required), <c>--addresses</c> (1,000), <c>--concurrency</c> (12), <c>--duration</c> (15 s).</summary>
    public static async Task RunAsync(Options options)
    {
        var url = new Uri(options.Text("url") ?? throw new ArgumentException("--url <check endpoint> is required"));
        var addressCount = options.Number("addresses", 1_000);
        var concurrency = options.Number("concurrency", 12);
        var duration = options.Duration("duration", TimeSpan.FromSeconds(15));

        // One client per source address, each with its own pool: a pooled connection keeps the address it was bound to,
        // so cycling through the clients cycles the address the service sees.
        var clients = Enumerable.Range(0, addressCount).Select(index => ClientFrom(SourceAddress(index))).ToArray();
        var statuses = new long[600];
        long errors = 0;
        long next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < duration)
            {
                var client = clients[Interlocked.Increment(ref next) % clients.Length];
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                var credentials = $"spray-{RandomNumberGenerator.GetString(LoginCharacters, 12)}:{RandomNumberGenerator.GetHexString(16)}";
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
                try
                {
                    using var response = await client.SendAsync(request);
                    Interlocked.Increment(ref statuses[Math.Clamp((int)response.StatusCode, 0, statuses.Length - 1)]);
                }
                catch (HttpRequestException)
                {
                    // Counted, not thrown: a refused connection is an outcome of the spray like any status.
                    Interlocked.Increment(ref errors);
                }
            }
        })));
        var elapsed = clock.Elapsed.TotalSeconds;
        foreach (var client in clients)
        {
            client.Dispose();
        }

        var sent = statuses.Sum() + errors;
        var mix = string.Join(", ", statuses.Select((count, status) => (count, status)).Where(pair => pair.count > 0)
            .Select(pair => string.Create(CultureInfo.InvariantCulture, $"{pair.status} {pair.count}")));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"SPRAY {sent} requests in {elapsed:F1} s from {addressCount} addresses at concurrency {concurrency}: {sent / elapsed:F0} req/s; {mix}; errors {errors}"));
    }

    // 127.1.0.1 onwards, never 127.0.0.1: the benchmark's other requests come from there and must not share its counts.
    private static IPAddress SourceAddress(int index) =>
        new([127, (byte)(1 + (index / (254 * 256))), (byte)(index / 254 % 256), (byte)(1 + (index % 254))]);

    private static HttpClient ClientFrom(IPAddress source) => new(new SocketsHttpHandler
    {
        UseProxy = false,
        ConnectCallback = async (context, cancellation) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                // The whole of 127.0.0.0/8 is the loopback interface on Linux: any of its addresses can be bound as it is.
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
    });
}
