using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace AccessTokens.Tests.Infrastructure;

/// <summary>
/// Gateways at work: checks tokens round-robin through some APIs until stopped, recording every answer that is not 200
/// and how long every check took. Like a load balancer, it can be told to route around an API that is being restarted,
/// and to check other tokens from then on. Bounded in time by its caller's <see cref="StopAsync"/> and by a hard cap.
/// </summary>
public sealed class CheckLoop
{
    private readonly CancellationTokenSource stop = new(TimeSpan.FromMinutes(5));
    private readonly ConcurrentQueue<string> failures = new();
    private readonly ConcurrentQueue<double> latencies = new();
    private readonly ConcurrentQueue<string> slow = new();
    private readonly Task[] running;
    private volatile Routing routing;
    private volatile IReadOnlyList<string> tokens;
    private long checks;

    /// <summary>Starts checking <paramref name="checkedTokens"/> through <paramref name="apis"/>, with <paramref name="workers"/> checks at a time.</summary>
    public CheckLoop(IReadOnlyList<SiloProcess> apis, IReadOnlyList<string> checkedTokens, string resource = "requests", int workers = 1)
    {
        routing = new Routing(apis, workers);
        tokens = checkedTokens;
        running = [.. Enumerable.Range(0, workers).Select(worker => Task.Run(() => RunAsync(worker, resource)))];
    }

    /// <summary>Every non-200 answer or error so far.</summary>
    public IReadOnlyCollection<string> Failures => failures;

    /// <summary>How many checks were made.</summary>
    public long Checks => Interlocked.Read(ref checks);

    /// <summary>Every check that took longer than a second: when, through which API, which token (its id), how long.</summary>
    public IReadOnlyCollection<string> Slow => slow;

    /// <summary>The longest check so far, in milliseconds.</summary>
    public double MaxLatency => latencies.DefaultIfEmpty().Max();

    /// <summary>The <paramref name="percentile"/>th percentile of the checks so far, in milliseconds.</summary>
    public double Percentile(double percentile)
    {
        var sorted = latencies.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(percentile / 100 * sorted.Length) - 1)];
    }

    /// <summary>Sends the next checks through <paramref name="apis"/> only, once every check in flight has its answer.</summary>
    public async Task RouteAsync(IReadOnlyList<SiloProcess> apis)
    {
        var next = new Routing(apis, running.Length);
        routing = next;
        await next.Taken.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>Checks <paramref name="next"/> from now on.</summary>
    public void Check(IReadOnlyList<string> next) => tokens = next;

    /// <summary>Stops the loop and waits for the checks in flight.</summary>
    public async Task StopAsync()
    {
        await stop.CancelAsync();
        await Task.WhenAll(running);
    }

    private async Task RunAsync(int worker, string resource)
    {
        var i = worker;
        Routing? taken = null;
        while (!stop.IsCancellationRequested)
        {
            // Checks are made one at a time per worker: once every worker has taken a routing, no check through the
            // last one is in flight.
            var current = routing;
            if (!ReferenceEquals(current, taken))
            {
                taken = current;
                current.Take();
            }

            var api = current.Apis[i % current.Apis.Count];
            var list = tokens;
            var token = list[i % list.Count];
            i += running.Length;
            var started = Stopwatch.GetTimestamp();
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

            var took = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            latencies.Enqueue(took);
            if (took > 1000)
            {
                slow.Enqueue($"{DateTime.UtcNow:O} {api.Name}: token {token.Split('_')[1]} took {took:F0} ms");
            }
            Interlocked.Increment(ref checks);
        }
    }

    private sealed class Routing(IReadOnlyList<SiloProcess> apis, int workers)
    {
        private int waiting = workers;

        public IReadOnlyList<SiloProcess> Apis { get; } = apis;

        public TaskCompletionSource Taken { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Take()
        {
            if (Interlocked.Decrement(ref waiting) == 0)
            {
                Taken.TrySetResult();
            }
        }
    }
}
