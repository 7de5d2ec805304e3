using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime.Placement;

namespace AccessTokens.Tokens;

/// <summary>
/// On a graceful stop, before Orleans deactivates the silo's grains: the token activations with a use not written yet are
/// handed over to another silo, where they arrive with their exact date of last use and write it in their own time; with no
/// other silo left they write it here, many at once. Both within <see cref="AccessTokensOptions.StopBudget"/>: a stop never
/// waits on the store for every token of a busy silo, and what the budget leaves is at most one interval of uses, as a
/// crash would lose. The other activations are dropped (their records are stored).
/// </summary>
public sealed class StopHandOver(
    LocalTokenChecks local,
    LastUseFlusher flusher,
    IGrainFactory grains,
    IClusterMembershipService membership,
    ILocalSiloDetails silo,
    IOptions<AccessTokensOptions> options,
    ILogger<StopHandOver> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    // Writes made at once when no silo is left to hand over to: half the connection pool the benchmark gives the store.
    private const int Writers = 64;

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(StopHandOver), ServiceLifecycleStage.Active, static _ => Task.CompletedTask, StopAsync);

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        var unwritten = local.All().Where(token => token.HasUnwrittenUse).ToList();
        if (unwritten.Count == 0)
        {
            return;
        }

        var budget = options.Value.StopBudget;
        var clock = Stopwatch.StartNew();
        var others = membership.CurrentSnapshot.Members.Values
            .Where(member => member.Status == SiloStatus.Active && !member.SiloAddress.Equals(silo.SiloAddress))
            .Select(member => member.SiloAddress)
            .ToArray();
        var handOver = others.Length > 0;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(budget);
        try
        {
            if (handOver)
            {
                // Each to a silo named, in turn: left to placement, a token could be placed with the silo that is stopping.
                for (var i = 0; i < unwritten.Count; i++)
                {
                    var target = new Dictionary<string, object> { [IPlacementDirector.PlacementHintKey] = others[i % others.Length] };
                    unwritten[i].GrainContext.Migrate(target, deadline.Token);
                }

                await Task.WhenAll(unwritten.Select(token => token.GrainContext.Deactivated)).WaitAsync(deadline.Token);
            }
            else
            {
                await Parallel.ForEachAsync(unwritten, new ParallelOptions { MaxDegreeOfParallelism = Writers, CancellationToken = deadline.Token },
                    async (token, _) => await grains.GetGrain<ITokenLastUseWriter>(token.GetGrainId()).WriteLastUseAsync());
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            // The budget is spent: what is left is not written.
        }

        flusher.StopBudgetSpent = true;
        var left = unwritten.Count(token => token.HasUnwrittenUse && !token.Deactivated);
        Log.StopHandedOver(logger, unwritten.Count, handOver ? "handed over" : "written", clock.Elapsed.TotalSeconds, left);
    }
}
