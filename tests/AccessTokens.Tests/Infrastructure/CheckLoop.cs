using System.Collections.Concurrent;
using System.Net;

namespace AccessTokens.Tests.Infrastructure;

/// <summary>
/// Gateways at work: checks tokens round-robin through some APIs until stopped, recording every answer
/// that is not 200. Like a load balancer, it can be told to route around an API that is being restarted.
/// Bounded in time by its caller's <see cref="StopAsync"/> and by a hard cap.
/// </summary>
public sealed class CheckLoop
{
    private readonly CancellationTokenSource stop = new(TimeSpan.FromMinutes(5));
    private readonly ConcurrentQueue<string> failures = new();
    private readonly Task running;
    private volatile Routing routing;
    private long checks;

    /// <summary>Starts checking <paramref name="tokens"/> through <paramref name="apis"/>.</summary>
    public CheckLoop(IReadOnlyList<SiloProcess> apis, IReadOnlyList<string> tokens, string resource = "requests")
    {
        routing = new Routing(apis);
        running = Task.Run(async () =>
        {
            var i = 0;
            while (!stop.IsCancellationRequested)
            {
                // Checks are made one at a time: once a routing is taken, no check through the last one is in flight.
                var current = routing;
                current.Taken.TrySetResult();
                var api = current.Apis[i % current.Apis.Count];
                var token = tokens[i % tokens.Count];
                i++;
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/auth/check?resource={resource}");
                    request.Headers.Authorization = new("Bearer", token);
                    using var response = await api.Anonymous.SendAsync(request, stop.Token);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        failures.Enqueue($"{DateTime.UtcNow:O} {api.Name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception exception)
                {
                    failures.Enqueue($"{DateTime.UtcNow:O} {api.Name}: {exception.GetType().Name} {exception.Message}");
                }

                Interlocked.Increment(ref checks);
            }
        });
    }

    /// <summary>Every non-200 answer or error so far.</summary>
    public IReadOnlyCollection<string> Failures => failures;

    /// <summary>How many checks were made.</summary>
    public long Checks => Interlocked.Read(ref checks);

    /// <summary>Sends the next checks through <paramref name="apis"/> only, once the check in flight has its answer.</summary>
    public async Task RouteAsync(IReadOnlyList<SiloProcess> apis)
    {
        var next = new Routing(apis);
        routing = next;
        await next.Taken.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>Stops the loop and waits for the check in flight.</summary>
    public async Task StopAsync()
    {
        await stop.CancelAsync();
        await running;
    }

    private sealed record Routing(IReadOnlyList<SiloProcess> Apis)
    {
        public TaskCompletionSource Taken { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
