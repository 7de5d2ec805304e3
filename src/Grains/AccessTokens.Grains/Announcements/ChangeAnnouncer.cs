using AccessTokens.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Runtime.Services;

namespace AccessTokens.Announcements;

/// <summary>
/// Announces a change to the <see cref="IChangeAnnouncementService"/> of every silo of the cluster and waits for all of
/// them, so the change is final on every silo when the call that made it is answered.
/// </summary>
public sealed class ChangeAnnouncer : GrainServiceClient<IChangeAnnouncementService>
{
    // Each silo answers in well under a millisecond; one that does not within this is retried, then left out only once
    // the cluster has declared it dead (it then answers nothing at all).
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(2);
    private const int Attempts = 3;

    private readonly IClusterMembershipService membership;
    private readonly SiloAddress here;
    private readonly ILogger<ChangeAnnouncer> logger;

    /// <summary>Creates the announcer of one silo.</summary>
    public ChangeAnnouncer(IServiceProvider services)
        : base(services)
    {
        membership = services.GetRequiredService<IClusterMembershipService>();
        here = services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
        logger = services.GetRequiredService<ILogger<ChangeAnnouncer>>();
    }

    /// <summary>This silo's address.</summary>
    public SiloAddress Here => here;

    /// <summary>
    /// Makes <paramref name="announce"/> on every live silo (this one too unless <paramref name="elsewhereOnly"/>); throws
    /// <see cref="AnnouncementIncompleteException"/> when a silo the cluster still counts as alive did not take it.
    /// </summary>
    public async Task AnnounceAsync(string what, Func<IChangeAnnouncementService, Task> announce, bool elsewhereOnly = false)
    {
        var silos = Live().Where(silo => !elsewhereOnly || !silo.Equals(here)).ToList();
        if (silos.Count == 0)
        {
            return;
        }

        var missed = await Task.WhenAll(silos.Select(silo => TryAnnounceAsync(silo, what, announce)));
        var unconfirmed = missed.OfType<SiloAddress>().ToList();
        if (unconfirmed.Count > 0)
        {
            throw new AnnouncementIncompleteException(
                $"The change ({what}) is stored, but {string.Join(", ", unconfirmed)} did not confirm it; retry to have every silo take it.");
        }
    }

    // Null when the silo took it or is no longer alive; the silo otherwise.
    private async Task<SiloAddress?> TryAnnounceAsync(SiloAddress silo, string what, Func<IChangeAnnouncementService, Task> announce)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await announce(GetGrainService(silo)).WaitAsync(Patience);
                return null;
            }
            catch (Exception exception) when (exception is not AnnouncementIncompleteException)
            {
                if (!Live().Contains(silo))
                {
                    return null;
                }

                if (attempt == Attempts)
                {
                    Log.AnnouncementFailed(logger, exception, what, silo.ToString());
                    return silo;
                }
            }
        }
    }

    private IEnumerable<SiloAddress> Live() =>
        membership.CurrentSnapshot.Members.Values
            .Where(member => member.Status is SiloStatus.Active or SiloStatus.Joining or SiloStatus.ShuttingDown or SiloStatus.Stopping)
            .Select(member => member.SiloAddress);
}
