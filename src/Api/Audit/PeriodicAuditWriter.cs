using AccessTokens.Audit;

namespace AccessTokens.Api.Audit;

/// <summary>
/// Audit entries a front end holds and appends to the trail later: every <c>period</c>, and once more when the process
/// stops. One write at a time; entries are appended in order until the trail refuses one, which waits with those after
/// it for the next time.
/// </summary>
/// <param name="grains">Reaches the audit trail.</param>
/// <param name="clock">Drives the period.</param>
/// <param name="period">How long between writes.</param>
public abstract class PeriodicAuditWriter(IGrainFactory grains, TimeProvider clock, TimeSpan period) : IHostedService, IDisposable
{
    private readonly SemaphoreSlim writing = new(1, 1);
    private ITimer? timer;

    /// <summary>The service's clock.</summary>
    protected TimeProvider Clock { get; } = clock;

    /// <summary>Writes what is held now (each period, when the process stops, or at once when asked).</summary>
    public async Task WriteAsync()
    {
        await writing.WaitAsync();
        try
        {
            await WriteHeldAsync();
        }
        finally
        {
            writing.Release();
        }
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        timer = Clock.CreateTimer(_ => _ = WriteAsync(), null, period, period);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        timer?.Dispose();
        await WriteAsync().WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Stops the period and releases the write lock.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            timer?.Dispose();
            writing.Dispose();
        }
    }

    /// <summary>Writes what is held; never two at once.</summary>
    protected abstract Task WriteHeldAsync();

    /// <summary>
    /// Appends <paramref name="next"/>'s entries, in order, until there is none or the trail refuses one; after each
    /// append, <paramref name="written"/>. Returns the refusal, or null when every entry was appended.
    /// </summary>
    protected async Task<Exception?> AppendInOrderAsync(Func<AuditRecord?> next, Action<AuditRecord> written)
    {
        while (next() is { } record)
        {
            try
            {
                await grains.GetGrain<IAuditLogGrain>(0).AppendAsync(record);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                return exception;
            }

            written(record);
        }

        return null;
    }
}
