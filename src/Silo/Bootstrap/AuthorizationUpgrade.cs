using AccessTokens.Resources;
using AccessTokens.Users;

namespace AccessTokens.Silo.Bootstrap;

/// <summary>
/// Brings a store written before profiles and resources were data up to date, before the API serves: records
/// each user's profile in the user directory, catalogues the resources existing tokens name and grants them to
/// <c>User</c>, so every existing user and token keeps working. On an up-to-date store it only reads.
/// </summary>
public sealed class AuthorizationUpgrade(IGrainFactory grains) : IHostedService
{
    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await grains.GetGrain<IUserDirectoryGrain>(0).UpgradeAsync();
        await grains.GetGrain<IResourceCatalogGrain>(0).AdoptAsync();
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
