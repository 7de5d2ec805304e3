using AccessTokens.Profiles;
using AccessTokens.Tokens;
using AccessTokens.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AccessTokens.Announcements;

/// <summary>
/// Applies announced changes to this silo's token activations that missed them (<see cref="IChangeAnnouncementService"/>):
/// each such copy answers from the change at once, and deactivates, so its next call reaches the one activation that
/// holds the current record.
/// </summary>
public sealed class ChangeAnnouncementService : GrainService, IChangeAnnouncementService
{
    private readonly LocalTokenChecks local;
    private readonly ILogger<ChangeAnnouncementService> logger;

    /// <summary>Creates the service of one silo.</summary>
    public ChangeAnnouncementService(GrainId grainId, Silo silo, ILoggerFactory loggerFactory, IServiceProvider services)
        : base(grainId, silo, loggerFactory)
    {
        local = services.GetRequiredService<LocalTokenChecks>();
        logger = loggerFactory.CreateLogger<ChangeAnnouncementService>();
    }

    /// <inheritdoc />
    public Task TokenRevokedAsync(string tokenId, SiloAddress origin)
    {
        if (local.Activation(tokenId) is { } copy)
        {
            Log.CopyRevoked(logger, tokenId, origin.ToString());
            copy.Supersede(revoked: true, status: null);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task TokenChangedAsync(string tokenId, TokenPolicies? policies, SiloAddress origin)
    {
        if (local.Activation(tokenId) is { } copy && copy.MissesPolicies(policies))
        {
            Log.CopyChanged(logger, tokenId, origin.ToString());
            copy.SupersedePolicies(policies);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task UserChangedAsync(string login, UserStatus status)
    {
        foreach (var copy in local.All())
        {
            if (copy.UserLogin == login && copy.MissedStatus(status) is { } missed)
            {
                Log.CopyUpdated(logger, copy.GetPrimaryKeyString(), login);
                copy.Supersede(revoked: false, missed);
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ProfileChangedAsync(ProfileGrants grants)
    {
        foreach (var copy in local.All())
        {
            if (copy.MissedGrants(grants) is { } missed)
            {
                Log.CopyUpdated(logger, copy.GetPrimaryKeyString(), grants.Profile);
                copy.Supersede(revoked: false, missed);
            }
        }

        return Task.CompletedTask;
    }
}
