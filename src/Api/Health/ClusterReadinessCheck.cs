using AccessTokens.Tokens;
using AccessTokens.Users;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AccessTokens.Api.Health;

/// <summary>
/// Ready when a grain call into the cluster (and the store behind it) answers within five seconds, and the keys token
/// ids are signed with are known.
/// </summary>
public sealed class ClusterReadinessCheck(IGrainFactory grains, TokenIdAuthority ids) : IHealthCheck
{
    /// <summary>Tag of the checks behind <c>/health/ready</c>.</summary>
    public const string ReadyTag = "ready";

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await grains.GetGrain<IUserDirectoryGrain>(0).CountAsync().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            if (!ids.KeysKnown)
            {
                await ids.ReadKeysAsync().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            }

            return HealthCheckResult.Healthy("The cluster answers.");
        }
        catch (Exception exception) when (exception is TimeoutException or OrleansException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("The cluster does not answer.", exception);
        }
    }
}
