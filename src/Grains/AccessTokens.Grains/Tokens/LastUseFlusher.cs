using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AccessTokens.Tokens;

/// <summary>
/// Writes the date of last use of this silo's token grains one <see cref="AccessTokensOptions.LastUseFlushInterval"/>
/// after their first use since the last write. One queue and one loop per silo rather than a timer per token:
/// a grain timer keeps several hundred bytes of bookkeeping on its activation for as long as the activation
/// lives, and a silo holds a great many token activations.
/// </summary>
public sealed class LastUseFlusher(IGrainFactory grains, IOptions<AccessTokensOptions> options, ILogger<LastUseFlusher> logger)
    : BackgroundService
{
    // Writes asked for at once: enough to keep up with the store, few enough not to drain its connection pool.
    private const int Batch = 64;

    private readonly Channel<Pending> queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    private readonly TimeSpan interval = options.Value.LastUseFlushInterval;

    /// <summary>True once a graceful stop of the silo has used its budget for dates of last use (see <see cref="StopHandOver"/>).</summary>
    internal bool StopBudgetSpent { get; set; }

    /// <summary>Asks for <paramref name="token"/>'s date of last use to be written one interval from now.</summary>
    internal void Schedule(AccessTokenGrain token) => queue.Writer.TryWrite(new Pending(token, Stopwatch.GetTimestamp()));

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var due = new List<Pending>(Batch);
        try
        {
            while (await queue.Reader.WaitToReadAsync(stoppingToken))
            {
                // The interval is the same for every entry, so the queue is in order of due time.
                while (queue.Reader.TryPeek(out var next))
                {
                    var wait = interval - Stopwatch.GetElapsedTime(next.ScheduledAt);
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, stoppingToken);
                    }

                    while (due.Count < Batch && queue.Reader.TryPeek(out next) && Stopwatch.GetElapsedTime(next.ScheduledAt) >= interval)
                    {
                        queue.Reader.TryRead(out next);
                        due.Add(next);
                    }

                    await Task.WhenAll(due.Select(FlushAsync));
                    due.Clear();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: each token grain writes its date of last use when it deactivates.
        }
    }

    private async Task FlushAsync(Pending pending)
    {
        if (pending.Token.Deactivated)
        {
            return;
        }

        try
        {
            // Through the grain's own reference, so the write takes its turn like any other call.
            await grains.GetGrain<ITokenLastUseWriter>(pending.Token.GetGrainId()).WriteLastUseAsync();
        }
        catch (Exception exception)
        {
            Log.LastUseFlushFailed(logger, exception, pending.Token.GetPrimaryKeyString());
            if (!pending.Token.Deactivated)
            {
                Schedule(pending.Token);
            }
        }
    }

    private readonly record struct Pending(AccessTokenGrain Token, long ScheduledAt);
}
